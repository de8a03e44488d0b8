/* mc-text.h — Vietnamese text folding for search */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-cases, strips every diacritic (including đ/Đ → d), and collapses
 * runs of white space to one space, trimming both ends. "Đặng  Thị Ánh"
 * → "dang thi anh". Never returns NULL for valid UTF-8 input; invalid UTF-8
 * returns an empty string. */
char *mc_text_fold (const char *text);

/* Normalises what a person typed for storage: NFC, trimmed, inner runs of
 * white space collapsed to one space. */
char *mc_text_normalize (const char *text);

/* The index of @str in @names (@n entries, NULL entries skipped), or -1:
 * for the *_from_string () of each enum's table of names. */
int    mc_text_index_of (const char * const *names,
                         gsize               n,
                         const char         *str);

/* "2026-12-04" → "04/12/2026", as dates are read in Vietnam (on forms,
 * in messages); "" for NULL or anything else. */
char  *mc_text_format_iso_date (const char *yyyy_mm_dd);

G_END_DECLS

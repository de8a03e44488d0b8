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

G_END_DECLS

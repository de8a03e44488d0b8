/* mc-clerks.h — the receiving clerks' names: checked once, and the list of
 * names recently used at this desk
 *
 * Several clerks may share a station: the desk offers the names used
 * recently so that switching is one click. The list is kept as text (one
 * name a line) in the store's settings; it comes back from disk, so every
 * name is checked again when it is read.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_CLERKS_RECENT_MAX 8

/* @name checked as a person's full name (mc_validate_full_name ()) and
 * normalised (NFC, trimmed, single spaces); NULL with a translated
 * message naming the field otherwise. */
char   *mc_clerk_name_normalize (const char   *name,
                                 GError      **error);

/* The list @recent (nullable) with @name first: an earlier entry of the
 * same name (ignoring case and diacritics, as a clerk would read it) is
 * dropped, and the list is cut at @max. @name must be normalised. */
GStrv   mc_clerks_remember      (const char * const *recent,
                                 const char         *name,
                                 guint               max);

/* The stored text back to names: lines that are not valid names and
 * repeats are dropped; at most @max. NULL or "" gives an empty list. */
GStrv   mc_clerks_parse         (const char   *text,
                                 guint         max);
/* Names to the stored text. */
char   *mc_clerks_to_text       (const char * const *names);

G_END_DECLS

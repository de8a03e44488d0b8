/* mc-text.c — Vietnamese text folding for search */

#define G_LOG_DOMAIN "motcua-text"

#include "config.h"

#include "mc-text.h"

#include <stdio.h>
#include <string.h>

#define LATIN_SMALL_D_WITH_STROKE   0x0111  /* đ */
#define LATIN_CAPITAL_D_WITH_STROKE 0x0110  /* Đ */

/* White space for both functions: ASCII space and controls, plus every
 * Unicode space separator (NBSP and friends pasted from Word or the web). */
static inline gboolean
is_space (gunichar ch)
{
  return g_unichar_isspace (ch);
}

/* Appends @ch to @out, folded, unless it vanishes (marks, format characters).
 * @pending_space is set when white space was seen and not yet written, so
 * that runs collapse to one space and nothing trails. */
static inline void
append_folded (GString  *out,
               gunichar  ch,
               gboolean *pending_space)
{
  if (is_space (ch))
    {
      *pending_space = TRUE;
      return;
    }

  if (ch == LATIN_SMALL_D_WITH_STROKE || ch == LATIN_CAPITAL_D_WITH_STROKE)
    ch = 'd';
  else if (g_unichar_ismark (ch))
    return;
  else
    {
      GUnicodeType type = g_unichar_type (ch);

      /* Zero-width joiners, soft hyphens, BOMs and stray controls are
       * invisible in the entry but would split a word in the index. */
      if (type == G_UNICODE_FORMAT || type == G_UNICODE_CONTROL)
        return;

      ch = g_unichar_tolower (ch);
    }

  if (*pending_space && out->len > 0)
    g_string_append_c (out, ' ');
  *pending_space = FALSE;

  if (ch < 0x80)
    g_string_append_c (out, (char) ch);
  else
    g_string_append_unichar (out, ch);
}

/* Dropping every mark after a full canonical decomposition gives the same
 * result as NFD followed by dropping marks (NFD only adds the reordering of
 * marks, which we throw away anyway), without allocating a normalised copy
 * of the whole string. ASCII, the bulk of what is indexed, skips the
 * decomposition table entirely. */
char *
mc_text_fold (const char *text)
{
  GString *out;
  gboolean pending_space = FALSE;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));

  for (p = text; *p != '\0';)
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          if (g_ascii_isspace (c))
            pending_space = TRUE;
          else if (g_ascii_iscntrl (c))
            ;
          else
            {
              if (pending_space && out->len > 0)
                g_string_append_c (out, ' ');
              pending_space = FALSE;
              g_string_append_c (out, g_ascii_tolower (c));
            }
          p++;
        }
      else
        {
          gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
          gunichar ch = g_utf8_get_char (p);
          gsize n, i;

          n = g_unichar_fully_decompose (ch, FALSE, decomposed,
                                         G_N_ELEMENTS (decomposed));
          for (i = 0; i < n && i < G_N_ELEMENTS (decomposed); i++)
            append_folded (out, decomposed[i], &pending_space);

          p = g_utf8_next_char (p);
        }
    }

  return g_string_free (out, FALSE);
}

char *
mc_text_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfc = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  /* Keep what can be kept of a broken string rather than losing a name:
   * bad bytes become U+FFFD, which the validators then reject visibly. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (nfc));

  for (p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (is_space (ch))
        {
          pending_space = TRUE;
          continue;
        }

      if (pending_space && out->len > 0)
        g_string_append_c (out, ' ');
      pending_space = FALSE;

      g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

int
mc_text_index_of (const char * const *names,
                  gsize               n,
                  const char         *str)
{
  if (str == NULL)
    return -1;
  for (gsize i = 0; i < n; i++)
    if (names[i] != NULL && g_str_equal (str, names[i]))
      return (int) i;
  return -1;
}

char *
mc_text_format_iso_date (const char *date)
{
  int y, m, d;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup ("");
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

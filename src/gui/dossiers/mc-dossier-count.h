/* mc-dossier-count.h — how the dossier list shows its counts
 *
 * At a million dossiers the list and its state filter count up to a cap
 * (mc_store_count_dossiers_upto): they ask for cap + 1, and a count above
 * the cap is shown as "more than 10 000". Pure functions, tested without
 * a display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the list and its state filter count up to. */
#define MC_DOSSIER_COUNT_CAP 10000

/* @n with its thousands apart, "10 000" (no-break spaces: the same in
 * Vietnamese and English, never mistaken for a decimal point). */
char *mc_dossier_count_format_number (gint64      n);
/* The result count under the list: "12 dossiers", or "More than 10 000
 * dossiers" when @count > @cap (@cap ≤ 0: no cap). */
char *mc_dossier_count_label         (gint64      count,
                                      gint64      cap);
/* An item of the state filter: "Received (12)", "Received (more than
 * 10 000)"; @count < 0 (not known): @label alone. */
char *mc_dossier_count_item          (const char *label,
                                      gint64      count,
                                      gint64      cap);

G_END_DECLS

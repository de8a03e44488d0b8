/* bench-stats.h — the figures every benchmark prints from its samples
 *
 * Header-only (static inline): the benchmarks are separate executables in
 * three folders, and these few lines are not worth a library of their own.
 * Medians of an even count are the mean of the two middle samples.
 */
#pragma once

#include <gio/gio.h>
#include <stdlib.h>

typedef struct
{
  double median;
  double min;
  double p95;      /* nearest rank */
  double max;
} BenchStats;

static inline int
bench_cmp_gint64 (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static inline int
bench_cmp_double (const void *a,
                  const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @v (gint64) in place; the median in @v's unit, 0 when empty. */
static inline double
bench_median_gint64 (GArray *v)
{
  guint n = v->len;

  if (n == 0)
    return 0;
  g_array_sort (v, bench_cmp_gint64);
  if (n % 2 == 1)
    return g_array_index (v, gint64, n / 2);
  return (g_array_index (v, gint64, n / 2 - 1) + g_array_index (v, gint64, n / 2)) / 2.0;
}

/* Sorts the @n ≥ 1 figures of @v in place; their median. */
static inline double
bench_median_double (double *v,
                     guint   n)
{
  qsort (v, n, sizeof (double), bench_cmp_double);
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Sorts @us (gint64 microseconds) in place; results in milliseconds,
 * all 0 when empty. */
static inline BenchStats
bench_stats_ms (GArray *us)
{
  BenchStats s = { 0 };
  guint n = us->len;

  if (n == 0)
    return s;
  s.median = bench_median_gint64 (us) / 1000.0;
  s.min = g_array_index (us, gint64, 0) / 1000.0;
  s.p95 = g_array_index (us, gint64, MAX ((n * 95 + 99) / 100, 1) - 1) / 1000.0;
  s.max = g_array_index (us, gint64, n - 1) / 1000.0;
  return s;
}

/* The type of the file system holding @dir ("?" when unknown), which the
 * benchmarks print: a tmpfs and a disk give different times. */
static inline char *
bench_filesystem_type (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE, NULL, NULL);

  if (info == NULL)
    return g_strdup ("?");
  return g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE));
}

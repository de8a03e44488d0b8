/* bench-search.c — search and paging over 100 000 dossiers
 *
 * Builds a store of --count dossiers quickly: mc_store_open() creates the
 * schema and the station, then a raw connection bulk-inserts realistic
 * rows (Vietnamese names, CCCD numbers, codes unique per day, three years
 * of receipts) in one transaction, letting the store's triggers fill the
 * FTS5 index. The store is then reopened and every query runs through the
 * public API — mc_store_list_dossiers (first page of 100) plus
 * mc_store_count_dossiers, as the GUI's lazy list needs both — against a
 * baseline in the same run: a naive scan, search_text LIKE '%term%' in
 * newest-first order with LIMIT 100 (and the same rows turned into
 * McDossier objects). Also times the unfiltered first page and a deep page.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>

#include "bench-uploaded.h"
#include "mc-core.h"
#include "test-util.h"

#define TARGET_SEARCH_MS 50.0
#define FRAME_MS         16.7   /* not a DESIGN target: one frame at 60 Hz, for reference */
#define PAGE             100
#define AGENCY           "000.00.12.H29"

/* ---- statistics ---------------------------------------------------------- */

typedef struct
{
  double first;    /* the first, untimed-for-median run (cold statement cache) */
  double median;
  double max;
} Stats;

static int
cmp_gint64 (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* @us: the first run, then the repeats; in milliseconds. */
static Stats
compute_stats (GArray *us)
{
  Stats s = { 0 };
  guint n;

  if (us->len == 0)
    return s;
  s.first = g_array_index (us, gint64, 0) / 1000.0;
  g_array_remove_index (us, 0);
  n = us->len;
  if (n == 0)
    return s;
  g_array_sort (us, cmp_gint64);
  if (n % 2 == 1)
    s.median = g_array_index (us, gint64, n / 2) / 1000.0;
  else
    s.median = (g_array_index (us, gint64, n / 2 - 1) + g_array_index (us, gint64, n / 2)) / 2000.0;
  s.max = g_array_index (us, gint64, n - 1) / 1000.0;
  return s;
}

/* ---- realistic data ------------------------------------------------------ */

typedef struct
{
  const char *text;
  guint       weight;
} Weighted;

/* Roughly the national shares (Nguyễn ≈ 38 %), then a few rare ones. */
static const Weighted family_names[] = {
  { "Nguyễn", 3800 }, { "Trần", 1100 }, { "Lê", 950 }, { "Phạm", 700 },
  { "Phan", 450 }, { "Hoàng", 300 }, { "Huỳnh", 210 }, { "Đặng", 210 },
  { "Vũ", 200 }, { "Bùi", 200 }, { "Võ", 190 }, { "Đỗ", 140 },
  { "Hồ", 130 }, { "Ngô", 130 }, { "Dương", 100 }, { "Lý", 50 },
  { "Trịnh", 40 }, { "Đinh", 40 }, { "Lương", 30 }, { "Mai", 20 },
  { "Lâm", 20 }, { "Tô", 10 }, { "Tạ", 10 }, { "Khổng", 3 }, { "Âu", 2 },
};

static const Weighted male_middle[] = {
  { "Văn", 45 }, { "Hữu", 8 }, { "Đức", 8 }, { "Công", 6 }, { "Quang", 7 },
  { "Minh", 8 }, { "Đình", 6 }, { "Xuân", 4 }, { "Thành", 4 }, { "Ngọc", 2 },
  { "Mạnh", 1 }, { "Tiến", 1 },
};

static const Weighted female_middle[] = {
  { "Thị", 55 }, { "Ngọc", 8 }, { "Thu", 7 }, { "Thanh", 7 }, { "Hồng", 5 },
  { "Kim", 5 }, { "Mỹ", 4 }, { "Diệu", 3 }, { "Phương", 3 }, { "Bích", 3 },
};

static const char *male_given[] = {
  "Đức", "Dũng", "Hùng", "Minh", "Nam", "Tuấn", "Hải", "Sơn", "Long", "Đạt",
  "Quân", "Huy", "Khánh", "Tùng", "Thắng", "Cường", "Phúc", "Bình", "An",
  "Đông", "Đạo", "Trung", "Hiếu", "Việt",
};

static const char *female_given[] = {
  "Lan", "Hương", "Hoa", "Mai", "Linh", "Trang", "Thảo", "Hà", "Ngọc", "Anh",
  "Nhung", "Yến", "Dung", "Hạnh", "Đào", "Quyên", "Diễm", "Vy", "Huyền", "Nga",
};

/* A second middle name for some: "Phạm Thị Thu Hà", "Trần Văn Minh Đức". */
static const char *extra_middle[] = { "Thu", "Ngọc", "Minh", "Hoàng", "Thanh", "Kim" };

typedef struct
{
  const char *code;
  const char *name;
  guint       days;
  guint       weight;
} Procedure;

/* From the bundled catalog (data/catalog.json). */
static const Procedure procedures[] = {
  { "CT-BS", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", 0, 35 },
  { "HT-KS", "Đăng ký khai sinh", 0, 20 },
  { "CT-CK", "Chứng thực chữ ký trong giấy tờ, văn bản", 0, 15 },
  { "HT-XNHN", "Cấp Giấy xác nhận tình trạng hôn nhân", 3, 10 },
  { "HT-KH", "Đăng ký kết hôn", 0, 8 },
  { "HT-KT", "Đăng ký khai tử", 0, 5 },
  { "CT-HD", "Chứng thực hợp đồng, giao dịch", 2, 4 },
  { "HKD-DK", "Đăng ký thành lập hộ kinh doanh", 3, 2 },
  { "BTXH-MT", "Hỗ trợ chi phí mai táng", 5, 1 },
};

static const char *provinces[] = {
  "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "079",
};

static const char *phone_prefixes[] = {
  "090", "091", "093", "094", "096", "097", "098", "086", "088", "032", "033",
  "034", "035", "036", "037", "038", "039", "070", "079", "077", "081", "083",
};

#define PICK_WEIGHTED(rand, array) pick_weighted ((rand), (array), G_N_ELEMENTS (array))

static const char *
pick_weighted (GRand          *rand,
               const Weighted *items,
               guint           n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += items[i].weight;
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < items[i].weight)
        return items[i].text;
      r -= items[i].weight;
    }
  return items[n - 1].text;
}

static const Procedure *
pick_procedure (GRand *rand)
{
  guint total = 0, r;

  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    total += procedures[i].weight;
  r = g_rand_int_range (rand, 0, total);
  for (guint i = 0; i < G_N_ELEMENTS (procedures); i++)
    {
      if (r < procedures[i].weight)
        return &procedures[i];
      r -= procedures[i].weight;
    }
  return &procedures[0];
}

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static char *
make_name (GRand    *rand,
           gboolean  male)
{
  const char *family = PICK_WEIGHTED (rand, family_names);
  const char *middle = male ? PICK_WEIGHTED (rand, male_middle) : PICK_WEIGHTED (rand, female_middle);
  const char *given = male ? PICK (rand, male_given) : PICK (rand, female_given);

  if (g_rand_int_range (rand, 0, 100) < 15)
    return g_strdup_printf ("%s %s %s %s", family, middle, PICK (rand, extra_middle), given);
  return g_strdup_printf ("%s %s %s", family, middle, given);
}

/* CCCD: province of birth (Hà Nội, 001, for most), gender and century,
 * two digits of the birth year, six digits. A few old 9-digit CMND. */
static char *
make_id (GRand     *rand,
         gboolean   male,
         int        birth_year,
         McIdKind  *kind)
{
  const char *province;
  int century;

  if (g_rand_int_range (rand, 0, 100) < 5)
    {
      *kind = MC_ID_KIND_CMND;
      return g_strdup_printf ("01%07d", g_rand_int_range (rand, 0, 10000000));
    }
  *kind = MC_ID_KIND_CCCD;
  province = g_rand_int_range (rand, 0, 100) < 60 ? "001" : PICK (rand, provinces);
  century = (birth_year >= 2000 ? 2 : 0) + (male ? 0 : 1);
  return g_strdup_printf ("%s%d%02d%06d", province, century, birth_year % 100,
                          g_rand_int_range (rand, 0, 1000000));
}

static const char *
pick_state (GRand *rand,
            int    age_days)
{
  int r = g_rand_int_range (rand, 0, 100);
  McDossierState state;

  if (age_days > 60)
    state = r < 85 ? MC_DOSSIER_STATE_RETURNED : r < 93 ? MC_DOSSIER_STATE_DONE : MC_DOSSIER_STATE_REJECTED;
  else if (age_days > 7)
    state = r < 50 ? MC_DOSSIER_STATE_RETURNED : r < 70 ? MC_DOSSIER_STATE_DONE :
            r < 90 ? MC_DOSSIER_STATE_PROCESSING : MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED;
  else
    state = r < 20 ? MC_DOSSIER_STATE_RECEIVED : r < 40 ? MC_DOSSIER_STATE_UPLOADED :
            r < 90 ? MC_DOSSIER_STATE_PROCESSING : MC_DOSSIER_STATE_DONE;
  return mc_dossier_state_to_string (state);
}

static char *
due_date (GDateTime *received,
          guint      days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (received),
                  g_date_time_get_month (received), g_date_time_get_year (received));
  /* Working days, weekends skipped (holidays are not the point here). */
  while (days > 0)
    {
      g_date_add_days (&d, 1);
      if (g_date_get_weekday (&d) < G_DATE_SATURDAY)
        days--;
    }
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

/* ---- building the database ----------------------------------------------- */

typedef struct
{
  char *code;       /* a full code that exists */
  char *id_prefix;  /* the first 7 digits of an existing CCCD */
} Picks;

static void
picks_clear (Picks *p)
{
  g_clear_pointer (&p->code, g_free);
  g_clear_pointer (&p->id_prefix, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picks, picks_clear)

static gboolean
sql_error (sqlite3     *db,
           const char  *what,
           GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static void
fold_func (sqlite3_context  *ctx,
           int               argc,
           sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, mc_text_fold (text), -1, g_free);
}

#define INSERT_SQL \
  "INSERT INTO dossiers (uuid, code, state, procedure_code, procedure_name, processing_days, " \
  "  applicant_name, id_kind, id_number, date_of_birth, phone, address, email, received_at, " \
  "  received_ts, backdate_reason, due_date, sets, notes, code_rule, created_at, updated_at, search_text) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL, ?13, ?14, NULL, ?15, 1, NULL, ?16, ?13, ?13, " \
  "  mc_fold (?2 || ' ' || ?7 || ' ' || ?9 || ' ' || coalesce (?11, '')))"

/* One dossier, received at @at as sequence @seq of its station that day. */
static gboolean
insert_one (sqlite3       *db,
            sqlite3_stmt  *stmt,
            GRand         *rand,
            GDateTime     *at,
            guint          seq,
            int            age_days,
            char         **out_code,
            char         **out_id)
{
  gboolean male = g_rand_boolean (rand);
  int birth_year = g_rand_int_range (rand, 1940, 2008);
  const Procedure *proc = pick_procedure (rand);
  McIdKind kind;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *code = mc_codes_format (AGENCY, at, seq);
  g_autofree char *name = make_name (rand, male);
  g_autofree char *id = make_id (rand, male, birth_year, &kind);
  g_autofree char *dob = g_strdup_printf ("%04d-%02d-%02d", birth_year,
                                          g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));
  g_autofree char *phone = NULL;
  g_autofree char *address = g_strdup_printf ("Thôn %d, xã Tân Lập", g_rand_int_range (rand, 1, 13));
  g_autofree char *received = mc_core_format_time (at);
  g_autofree char *due = due_date (at, proc->days);
  int rc;

  if (g_rand_int_range (rand, 0, 100) < 90)
    phone = g_strdup_printf ("%s%07d", PICK (rand, phone_prefixes), g_rand_int_range (rand, 0, 10000000));

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, pick_state (rand, age_days), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, proc->code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, proc->name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, proc->days);
  sqlite3_bind_text (stmt, 7, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, mc_id_kind_to_string (kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, dob, -1, SQLITE_STATIC);
  if (phone != NULL)
    sqlite3_bind_text (stmt, 11, phone, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 11);
  sqlite3_bind_text (stmt, 12, address, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 13, received, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 14, g_date_time_to_unix (at));
  sqlite3_bind_text (stmt, 15, due, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 16, mc_codes_rule_for_date (at), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;

  if (out_code != NULL)
    *out_code = g_steal_pointer (&code);
  if (out_id != NULL && kind == MC_ID_KIND_CCCD)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

/* Receipts spread evenly over the working days of the three years up to
 * 2025-12-31, in time order within office hours; two stations share the
 * load, so each issues at most 999 codes a day as mc-codes.h requires. */
static gboolean
fill_dossiers (sqlite3  *db,
               guint     count,
               guint32   seed,
               Picks    *picks,
               GError  **error)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (GDate));
  GRand *rand = g_rand_new_with_seed (seed);
  sqlite3_stmt *stmt = NULL;
  GDate d, end;
  guint row = 0;
  gboolean ok = FALSE;

  g_date_clear (&d, 1);
  g_date_clear (&end, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, 2023);
  g_date_set_dmy (&end, 31, G_DATE_DECEMBER, 2025);
  for (; g_date_compare (&d, &end) <= 0; g_date_add_days (&d, 1))
    if (g_date_get_weekday (&d) < G_DATE_SATURDAY)
      g_array_append_val (days, d);

  if ((count + days->len - 1) / days->len > 2 * (MC_CODES_RANGE_SIZE - 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--count %u: more than two stations can issue in %u days", count, days->len);
      goto out;
    }

  if (sqlite3_prepare_v2 (db, INSERT_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (db, "preparing the INSERT", error);
      goto out;
    }

  for (guint k = 0; k < days->len && row < count; k++)
    {
      GDate *day = &g_array_index (days, GDate, k);
      guint n = (guint) (((guint64) count * (k + 1)) / days->len - ((guint64) count * k) / days->len);
      int age_days = g_date_days_between (day, &end);
      g_autoptr(GDateTime) open = g_date_time_new (tz, g_date_get_year (day), g_date_get_month (day),
                                                   g_date_get_day (day), 7, 30, 0);
      guint seq[2] = { 1000, 2000 };

      for (guint j = 0; j < n; j++, row++)
        {
          /* 07:30–17:00, increasing within the day. */
          gint64 offset = (gint64) (9.5 * 3600 * (j + g_rand_double (rand)) / n);
          g_autoptr(GDateTime) at = g_date_time_add_seconds (open, (double) offset);
          guint station = g_rand_int_range (rand, 0, 2);
          char **code = row == count / 2 ? &picks->code : NULL;
          char **id = picks->id_prefix == NULL && row >= count / 3 ? &picks->id_prefix : NULL;

          if (!insert_one (db, stmt, rand, at, ++seq[station], age_days, code, id))
            {
              sql_error (db, "inserting a dossier", error);
              goto out;
            }
        }
    }
  if (picks->id_prefix != NULL)
    picks->id_prefix[7] = '\0';
  ok = TRUE;

out:
  sqlite3_finalize (stmt);
  g_rand_free (rand);
  return ok;
}

static gboolean
build_database (const char  *data_dir,
                guint        count,
                guint32      seed,
                gboolean     uploaded,
                Picks       *picks,
                GError     **error)
{
  g_autoptr(McStore) store = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  /* The store makes the schema (at the current version) and the station. */
  store = mc_store_open (data_dir, error);
  if (store == NULL ||
      !mc_store_set_station (store, AGENCY, "UBND xã Tân Lập", 1, error))
    return FALSE;
  g_clear_object (&store);

  path = g_build_filename (data_dir, "motcua.db", NULL);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sql_error (db, path, error);
      goto out;
    }
  if (sqlite3_create_function_v2 (db, "mc_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                  NULL, fold_func, NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (db, "mc_fold", error);
      goto out;
    }
  /* Durability does not matter while filling a scratch database. */
  if (sqlite3_exec (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (db, "BEGIN", error);
      goto out;
    }
  if (!fill_dossiers (db, count, seed, picks, error) ||
      (uploaded && !bench_mark_uploaded (db, error)))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      goto out;
    }
  if (sqlite3_exec (db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_error (db, "COMMIT", error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/* A store built by an earlier run (--store): the sample code and ID
 * prefix are read back from it, as fill_dossiers() picks them. */
static gboolean
read_picks (const char  *db_path,
            Picks       *picks,
            int         *count,
            GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT (SELECT code FROM dossiers WHERE id = (SELECT max (id) / 2 + 1 FROM dossiers)), "
                          "  (SELECT substr (id_number, 1, 7) FROM dossiers WHERE id_kind = 'cccd' "
                          "   AND id >= (SELECT max (id) / 3 FROM dossiers) ORDER BY id LIMIT 1), "
                          "  (SELECT max (id) FROM dossiers)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (db, db_path, error);
      goto out;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL &&
      sqlite3_column_text (stmt, 1) != NULL)
    {
      picks->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      picks->id_prefix = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      *count = sqlite3_column_int (stmt, 2);
      ok = TRUE;
    }
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: no dossiers", db_path);

out:
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

/* ---- the baseline: a naive scan ------------------------------------------ */

#define SCAN_SQL \
  "SELECT d.id, d.uuid, d.code, d.state, d.procedure_code, d.procedure_name, d.processing_days, " \
  "d.applicant_name, d.id_kind, d.id_number, d.date_of_birth, d.phone, d.address, d.email, " \
  "d.received_at, d.backdate_reason, d.due_date, d.sets, d.notes " \
  "FROM dossiers d WHERE d.search_text LIKE ?1 ORDER BY d.received_ts DESC, d.id DESC LIMIT ?2"

/* The same objects the store returns, so both sides do the same work
 * apart from finding the rows. */
static McDossier *
dossier_from_scan (sqlite3_stmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  McDossierState state = MC_DOSSIER_STATE_RECEIVED;
  McIdKind kind = MC_ID_KIND_CCCD;
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 14), NULL);

  mc_dossier_set_row_id (d, sqlite3_column_int64 (stmt, 0));
  mc_dossier_set_uuid (d, (const char *) sqlite3_column_text (stmt, 1));
  mc_dossier_set_code (d, (const char *) sqlite3_column_text (stmt, 2));
  mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &state);
  mc_dossier_set_state (d, state);
  mc_dossier_set_procedure (d, (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5), sqlite3_column_int (stmt, 6));
  mc_dossier_set_applicant_name (d, (const char *) sqlite3_column_text (stmt, 7));
  mc_id_kind_from_string ((const char *) sqlite3_column_text (stmt, 8), &kind);
  mc_dossier_set_id (d, kind, (const char *) sqlite3_column_text (stmt, 9));
  mc_dossier_set_date_of_birth (d, (const char *) sqlite3_column_text (stmt, 10));
  mc_dossier_set_phone (d, (const char *) sqlite3_column_text (stmt, 11));
  mc_dossier_set_address (d, (const char *) sqlite3_column_text (stmt, 12));
  mc_dossier_set_email (d, (const char *) sqlite3_column_text (stmt, 13));
  mc_dossier_set_received_at (d, at);
  mc_dossier_set_backdate_reason (d, (const char *) sqlite3_column_text (stmt, 15));
  mc_dossier_set_due_date (d, (const char *) sqlite3_column_text (stmt, 16));
  mc_dossier_set_sets (d, sqlite3_column_int (stmt, 17));
  mc_dossier_set_notes (d, (const char *) sqlite3_column_text (stmt, 18));
  return d;
}

static gboolean
scan_page (sqlite3       *db,
           sqlite3_stmt  *stmt,
           const char    *search,
           guint         *n_rows,
           GError       **error)
{
  g_autofree char *folded = mc_text_fold (search);
  g_autofree char *pattern = g_strdup_printf ("%%%s%%", folded);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, PAGE);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, dossier_from_scan (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return sql_error (db, "scan", error);
  *n_rows = rows->len;
  return TRUE;
}

/* ---- timing -------------------------------------------------------------- */

typedef struct
{
  const char *label;
  char       *search;
} Query;

/* Counts stop here (mc_store_count_dossiers_upto). */
#define COUNT_CAP 10000

static gboolean
time_store_page (McStore              *store,
                 const McDossierQuery *query,
                 guint                 offset,
                 gboolean              with_count,
                 gint64               *out_us,
                 gint64               *out_list_us,
                 gint64               *out_count,
                 GError              **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) anchor = NULL;
  gint64 t0, t1, t2;

  /* A deep page the way the list asks for it: after the last row of the
   * page before (keyset), which is fetched untimed. */
  if (offset > 0)
    {
      anchor = mc_store_list_dossiers (store, query, offset - 1, 1, error);
      if (anchor == NULL)
        return FALSE;
    }
  t0 = g_get_monotonic_time ();
  if (anchor != NULL && anchor->len > 0)
    rows = mc_store_list_dossiers_after (store, query, g_ptr_array_index (anchor, 0), PAGE, error);
  else
    rows = mc_store_list_dossiers (store, query, offset, PAGE, error);
  t1 = g_get_monotonic_time ();
  if (rows == NULL)
    return FALSE;
  if (with_count)
    {
      /* Capped: the list says "more than 10 000" beyond. */
      *out_count = mc_store_count_dossiers_upto (store, query, COUNT_CAP, error);
      if (*out_count < 0)
        return FALSE;
    }
  t2 = g_get_monotonic_time ();
  *out_us = t2 - t0;
  if (out_list_us != NULL)
    *out_list_us = t1 - t0;
  return TRUE;
}

static gboolean
run_queries (McStore     *store,
             sqlite3     *scan_db,
             const char  *title,
             Query       *queries,
             guint        n_queries,
             guint        repeat,
             gboolean    *all_pass,
             GError     **error)
{
  sqlite3_stmt *scan = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (scan_db, SCAN_SQL, -1, &scan, NULL) != SQLITE_OK)
    return sql_error (scan_db, "preparing the scan", error);

  g_print ("\n  %s: first page of %d + count, %u repeats after one first run (ms)\n", title, PAGE, repeat);
  g_print ("  %-44s %7s %7s %7s %7s %7s %8s %7s %7s  %s\n",
           "query", "hits", "first", "list", "median", "max", "scan", "ratio", "states", "< 50 ms");

  for (guint q = 0; q < n_queries; q++)
    {
      McDossierQuery query = { .search = queries[q].search };
      g_autoptr(GArray) fts = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) naive = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *label = g_strdup_printf ("%s '%s'", queries[q].label, queries[q].search);
      gint64 hits = 0;
      guint scan_rows = 0;
      Stats f, l, s, st;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 us, list_us, t0;

          if (!time_store_page (store, &query, 0, TRUE, &us, &list_us, &hits, error))
            goto out;
          g_array_append_val (fts, us);
          g_array_append_val (list, list_us);

          {
            gint64 counts[MC_DOSSIER_N_STATES];

            t0 = g_get_monotonic_time ();
            if (!mc_store_count_by_state_upto (store, &query, COUNT_CAP, counts, error))
              goto out;
            us = g_get_monotonic_time () - t0;
            g_array_append_val (states, us);
          }

          t0 = g_get_monotonic_time ();
          if (!scan_page (scan_db, scan, queries[q].search, &scan_rows, error))
            goto out;
          us = g_get_monotonic_time () - t0;
          g_array_append_val (naive, us);
        }
      f = compute_stats (fts);
      l = compute_stats (list);
      s = compute_stats (naive);
      st = compute_stats (states);
      if (f.median >= TARGET_SEARCH_MS)
        *all_pass = FALSE;
      g_print ("  %-44s %6" G_GINT64_FORMAT "%s %7.2f %7.2f %7.2f %7.2f %8.2f %7.2f %7.2f  %s\n",
               label, hits, hits >= COUNT_CAP ? "+" : " ", f.first, l.median, f.median, f.max, s.median,
               s.median > 0 ? f.median / s.median : 0.0, st.median,
               f.median < TARGET_SEARCH_MS ? "PASS" : "FAIL");
      if (MIN (hits, PAGE) != scan_rows && hits < COUNT_CAP)
        g_print ("  (note: the scan found %u rows on its first page, FTS %" G_GINT64_FORMAT ")\n",
                 scan_rows, MIN (hits, PAGE));
    }
  ok = TRUE;

out:
  sqlite3_finalize (scan);
  return ok;
}

typedef struct
{
  const char           *label;
  const McDossierQuery *query;
  guint                 offset;
  gboolean              with_count;
} Page;

static gboolean
run_pages (McStore  *store,
           guint     count,
           guint     repeat,
           GError  **error)
{
  McDossierQuery common = { .search = (char *) "nguyen" };
  gint64 n_common = mc_store_count_dossiers (store, &common, error);
  Page pages[] = {
    { "all, first page + count", NULL, 0, TRUE },
    { "all, first page", NULL, 0, FALSE },
    { "all, deep page", NULL, count * 9 / 10, FALSE },
    { "'nguyen', deep page", &common, (guint) (MAX (n_common, 0) * 9 / 10), FALSE },
  };

  if (n_common < 0)
    return FALSE;

  g_print ("\n  paging (the GUI's lazy list), %d rows a page, %u repeats (ms); no DESIGN number;\n"
           "  a page within one frame (%.1f ms) keeps scrolling smooth\n", PAGE, repeat, FRAME_MS);
  g_print ("  %-44s %7s %7s %7s %7s  %s\n", "page", "offset", "first", "median", "max", "< 1 frame");
  for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
    {
      g_autoptr(GArray) us = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 hits = 0;
      Stats s;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 t;

          if (!time_store_page (store, pages[p].query, pages[p].offset, pages[p].with_count, &t, NULL, &hits, error))
            return FALSE;
          g_array_append_val (us, t);
        }
      s = compute_stats (us);
      g_print ("  %-44s %7u %7.2f %7.2f %7.2f  %s\n", pages[p].label, pages[p].offset,
               s.first, s.median, s.max, s.median < FRAME_MS ? "yes" : "no");
    }
  return TRUE;
}

/* ---- the "Overdue" filter ------------------------------------------------ */

/* Baseline: what the filter cost before schema 8 — the newest-first walk
 * of every dossier (dossiers_by_received) with the due date and state
 * tested on each row, for the page and the capped count. */
#define OVERDUE_WALK \
  "FROM dossiers d INDEXED BY dossiers_by_received WHERE d.received_ts > -274877906944 " \
  "AND d.due_date < ?1 AND d.state NOT IN ('done', 'returned', 'rejected', 'withdrawn', 'stopped') "

static gboolean
time_overdue_walk (sqlite3     *db,
                   const char  *day,
                   gint64      *out_us,
                   gint64      *out_count,
                   GError     **error)
{
  static const char *sql[] = {
    "SELECT d.id, d.uuid, d.code, d.state, d.applicant_name, d.due_date " OVERDUE_WALK
    "ORDER BY d.received_ts DESC, d.id DESC LIMIT 100",
    "SELECT count(*) FROM (SELECT 1 " OVERDUE_WALK "LIMIT 10000)",
  };
  gint64 t0 = g_get_monotonic_time ();

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (db, sql[i], -1, &stmt, NULL) != SQLITE_OK)
        return sql_error (db, "preparing the overdue walk", error);
      sqlite3_bind_text (stmt, 1, day, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        if (i == 1)
          *out_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return sql_error (db, "the overdue walk", error);
    }
  *out_us = g_get_monotonic_time () - t0;
  return TRUE;
}

/* The dossiers view's "Overdue" button (due before today, not finished),
 * alone, with a search and with a state, and on a day when few are late. */
static gboolean
run_overdue (McStore  *store,
             sqlite3  *scan_db,
             guint     repeat,
             gboolean *all_pass,
             GError  **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  struct
  {
    const char     *label;
    McDossierQuery  query;
    gboolean        baseline;
  } rows[] = {
    { "overdue today", { .overdue_on = today }, TRUE },
    { "overdue on 2025-12-01 (fewer late)", { .overdue_on = (char *) "2025-12-01" }, TRUE },
    { "overdue today + state processing", { .overdue_on = today, .has_state = TRUE,
                                             .state = MC_DOSSIER_STATE_PROCESSING }, FALSE },
    { "overdue today + 'nguyen'", { .overdue_on = today, .search = (char *) "nguyen" }, FALSE },
    { "overdue today + 'khong'", { .overdue_on = today, .search = (char *) "khong" }, FALSE },
  };

  g_print ("\n  the Overdue filter: first page of %d + count (capped), %u repeats (ms);\n"
           "  walk = baseline, the filter before schema 8 (newest-first walk of every dossier)\n", PAGE, repeat);
  g_print ("  %-44s %7s %7s %7s %7s %8s %7s %7s  %s\n",
           "query", "hits", "first", "median", "max", "walk", "ratio", "states", "< 50 ms");
  for (guint q = 0; q < G_N_ELEMENTS (rows); q++)
    {
      g_autoptr(GArray) page = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) walk = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 hits = 0, walk_hits = 0;
      Stats p, w = { 0 }, st;

      for (guint r = 0; r <= repeat; r++)
        {
          gint64 us, t0, counts[MC_DOSSIER_N_STATES];

          if (!time_store_page (store, &rows[q].query, 0, TRUE, &us, NULL, &hits, error))
            return FALSE;
          g_array_append_val (page, us);
          t0 = g_get_monotonic_time ();
          if (!mc_store_count_by_state_upto (store, &rows[q].query, COUNT_CAP, counts, error))
            return FALSE;
          us = g_get_monotonic_time () - t0;
          g_array_append_val (states, us);
          /* The walk is slow: three runs are enough for its median. */
          if (rows[q].baseline && r < 3)
            {
              if (!time_overdue_walk (scan_db, rows[q].query.overdue_on, &us, &walk_hits, error))
                return FALSE;
              g_array_append_val (walk, us);
            }
        }
      p = compute_stats (page);
      st = compute_stats (states);
      if (walk->len > 0)
        {
          w = compute_stats (walk);
          if (walk_hits != hits)
            g_print ("  (note: the walk counted %" G_GINT64_FORMAT ", the store %" G_GINT64_FORMAT ")\n",
                     walk_hits, hits);
        }
      if (p.median >= TARGET_SEARCH_MS)
        *all_pass = FALSE;
      g_print ("  %-44s %6" G_GINT64_FORMAT "%s %7.2f %7.2f %7.2f %8.2f %7.2f %7.2f  %s\n",
               rows[q].label, hits, hits >= COUNT_CAP ? "+" : " ", p.first, p.median, p.max, w.median,
               w.median > 0 ? p.median / w.median : 0.0, st.median,
               p.median < TARGET_SEARCH_MS ? "PASS" : "FAIL");
    }
  return TRUE;
}

/* ---- main ---------------------------------------------------------------- */

static char *
filesystem_type (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileInfo) info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE, NULL, NULL);

  if (info == NULL)
    return g_strdup ("?");
  return g_strdup (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(McStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *fs = NULL;
  g_auto(Picks) picks = { 0 };
  sqlite3 *scan_db = NULL;
  char *parent = NULL;
  int count = 100000;
  int repeat = 20;
  int seed = 20251231;
  gboolean keep = FALSE;
  gboolean strict = FALSE;
  gboolean uploaded = FALSE;
  char *reuse = NULL;
  gboolean all_pass = TRUE;
  gboolean typing_pass = TRUE;
  gboolean overdue_pass = TRUE;
  int status = EXIT_SUCCESS;
  gint64 t0;
  GStatBuf st;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Dossiers in the database (default 100000)", "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Timed runs of each query (default 20)", "R" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the generated data", "S" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &parent, "Make the temporary dir in DIR (default: the system temp dir)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary dir (and its database)", NULL },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, "Exit with 1 when a search misses the target", NULL },
    { "uploaded", 0, 0, G_OPTION_ARG_NONE, &uploaded,
      "Every dossier as an upload leaves it (outbox, events, papers, attachments rows)", NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &reuse,
      "Use the data dir DIR built by an earlier run (with --keep) instead of building one; it is kept", "DIR" },
    { NULL },
  };

  context = g_option_context_new ("- search and paging over many dossiers");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1000 || repeat < 1)
    {
      g_printerr ("bench-search: %s\n", error ? error->message : "--count must be at least 1000, --repeat at least 1");
      return 2;
    }

  if (reuse != NULL)
    {
      dir = reuse;
      keep = TRUE;
      g_free (parent);
    }
  else if (parent != NULL)
    {
      g_autofree char *tmpl = g_build_filename (parent, "motcua-bench-XXXXXX", NULL);
      dir = g_mkdtemp (g_steal_pointer (&tmpl));
    }
  else
    dir = g_dir_make_tmp ("motcua-bench-XXXXXX", &error);
  if (reuse == NULL)
    g_free (parent);
  if (dir == NULL)
    {
      g_printerr ("bench-search: cannot make a temporary dir: %s\n", error ? error->message : g_strerror (errno));
      return 2;
    }
  fs = filesystem_type (dir);
  db_path = g_build_filename (dir, "motcua.db", NULL);

  t0 = g_get_monotonic_time ();
  if (reuse != NULL)
    {
      if (!read_picks (db_path, &picks, &count, &error))
        goto fail;
    }
  else if (!build_database (dir, count, seed, uploaded, &picks, &error))
    goto fail;
  g_print ("bench-search: %d dossiers%s %s in %.1f s, %.1f MB, in %s (%s)\n",
           count, uploaded ? " (as uploaded)" : "", reuse != NULL ? "reused" : "built",
           (g_get_monotonic_time () - t0) / 1e6,
           g_stat (db_path, &st) == 0 ? st.st_size / 1e6 : 0.0, dir, fs);

  store = mc_store_open (dir, &error);
  if (store == NULL)
    goto fail;
  if (sqlite3_open_v2 (db_path, &scan_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sql_error (scan_db, db_path, &error);
      goto fail;
    }

  g_print ("\n  first = first run; list = list alone; median/max = list + count;\n"
           "  scan = baseline, LIKE '%%term%%' newest first, one page; ratio = median / scan;\n"
           "  counts capped at %d (hits %d+ = more); states = per-state counts, capped, apart\n",
           COUNT_CAP, COUNT_CAP);
  {
    Query queries[] = {
      { "common family name", (char *) "nguyen" },
      { "full name, no diacritics", (char *) "dang van duc" },
      { "rare family name", (char *) "khong" },
      { "ID number prefix", picks.id_prefix },
      { "full code", picks.code },
      { "no match", (char *) "xyzzy" },
    };

    /* What a search-as-you-type box sends on the first keystrokes:
     * short prefixes that expand to many index terms. */
    Query typing[] = {
      { "first letter of a name", (char *) "n" },
      { "two letters", (char *) "ng" },
      { "first digit of an ID or phone", (char *) "0" },
      { "province of birth (CCCD)", (char *) "001" },
    };

    if (picks.id_prefix == NULL || picks.code == NULL)
      {
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "no sample code or ID number was generated");
        goto fail;
      }

    if (!run_queries (store, scan_db, "search", queries, G_N_ELEMENTS (queries), repeat, &all_pass, &error) ||
        !run_queries (store, scan_db, "as you type", typing, G_N_ELEMENTS (typing), repeat, &typing_pass, &error))
      goto fail;
  }
  if (!run_pages (store, count, repeat, &error))
    goto fail;
  if (!run_overdue (store, scan_db, repeat, &overdue_pass, &error))
    goto fail;

  g_print ("\n  DESIGN 6 target: search answers < %.0f ms over %d dossiers: %s\n",
           TARGET_SEARCH_MS, count, all_pass ? "PASS" : "FAIL");
  g_print ("  (as-you-type prefixes, reported apart: %s)\n", typing_pass ? "PASS" : "FAIL");
  g_print ("  (the Overdue filter, reported apart: %s)\n", overdue_pass ? "PASS" : "FAIL");
  if (strict && !all_pass)
    status = EXIT_FAILURE;
  goto out;

fail:
  g_printerr ("bench-search: %s\n", error ? error->message : "failed");
  status = 2;

out:
  sqlite3_close (scan_db);
  g_clear_object (&store);
  if (keep)
    g_print ("  kept %s\n", dir);
  else
    mc_test_rm_rf (dir);
  return status;
}

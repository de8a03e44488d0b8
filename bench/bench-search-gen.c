/* bench-search-gen.c — the store bench-search measures
 *
 * Realistic rows from a fixed seed: Vietnamese names with roughly national
 * shares, procedures from the bundled catalog, CCCD numbers, codes unique
 * per day, three years of receipts; bulk-inserted through a raw connection
 * in one transaction so the store's triggers fill the FTS5 index.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <gio/gio.h>
#include <sqlite3.h>

#include "bench-search.h"
#include "bench-uploaded.h"
#include "mc-core.h"

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

void
picks_clear (Picks *p)
{
  g_clear_pointer (&p->code, g_free);
  g_clear_pointer (&p->id_prefix, g_free);
}

gboolean
bench_sql_error (sqlite3     *db,
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
      bench_sql_error (db, "preparing the INSERT", error);
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
              bench_sql_error (db, "inserting a dossier", error);
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

gboolean
bench_build_database (const char  *data_dir,
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
      bench_sql_error (db, path, error);
      goto out;
    }
  if (sqlite3_create_function_v2 (db, "mc_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                  NULL, fold_func, NULL, NULL, NULL) != SQLITE_OK)
    {
      bench_sql_error (db, "mc_fold", error);
      goto out;
    }
  /* Durability does not matter while filling a scratch database. */
  if (sqlite3_exec (db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      bench_sql_error (db, "BEGIN", error);
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
      bench_sql_error (db, "COMMIT", error);
      goto out;
    }
  ok = TRUE;

out:
  sqlite3_close (db);
  return ok;
}

/* A store built by an earlier run (--store): the sample code and ID
 * prefix are read back from it, as fill_dossiers() picks them. */
gboolean
bench_read_picks (const char  *db_path,
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
      bench_sql_error (db, db_path, error);
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

/* sync-util.h — real `motcua-server` and `motcua` processes for the upload tests
 *
 * sync-util-base.h: processes, the generated files, the server; here: a
 * desk (its data dir, enrolment, dossiers, sync runs) and the checks of
 * what reached the server.
 *
 * Executables come from the environment: MOTCUA_CLI (motcua) and
 * MOTCUA_SERVER (motcua-server), set by tests/sync/meson.build.
 */
#pragma once

#include "sync-util-base.h"

G_BEGIN_DECLS

/* --- the desk -------------------------------------------------------------- */

typedef struct
{
  char      *dir;      /* data dir */
  char      *work;     /* scratch for generated files */
  GPtrArray *made;     /* McMade, in creation order */
  guint      serial;   /* file names, CCCD numbers */
  char      *received_at;   /* nullable: intake back-dated to this time (a station has 999 codes a day) */
  char      *parent;   /* nullable: the temporary dir holding @dir (a copy), removed with it */
} McDesk;

typedef struct
{
  char      *uuid;
  char      *code;
  char      *name;
  GPtrArray *sha256;   /* of its attachments, in order (char *) */
} McMade;

static inline void
mc_made_free (McMade *m)
{
  g_free (m->uuid);
  g_free (m->code);
  g_free (m->name);
  g_ptr_array_unref (m->sha256);
  g_free (m);
}

/* A fresh data dir set up with `motcua init` as station 1 of 000.00.12.H29. */
static inline McDesk *
mc_desk_new (void)
{
  McDesk *d = g_new0 (McDesk, 1);
  McResult r;

  d->dir = mc_test_make_tmp_dir ();
  d->work = mc_test_make_tmp_dir ();
  d->made = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_made_free);
  r = mc_cli_expect (d->dir, 0, 30000, MC_SYNC_ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập", "--station", "1"));
  mc_result_clear (&r);
  return d;
}

static inline void
mc_desk_free (McDesk *d)
{
  if (d == NULL)
    return;
  if (g_getenv ("MOTCUA_TEST_KEEP") == NULL)
    {
      mc_test_rm_rf (d->parent != NULL ? d->parent : d->dir);
      mc_test_rm_rf (d->work);
    }
  else
    g_test_message ("kept desk %s", d->dir);
  g_free (d->dir);
  g_free (d->work);
  g_free (d->received_at);
  g_free (d->parent);
  g_ptr_array_unref (d->made);
  g_free (d);
}

/* A copy of @src's data dir (which no process may be using) with the same
 * dossiers: `cp -a`. */
static inline McDesk *
mc_desk_copy (McDesk *src)
{
  McDesk *d = g_new0 (McDesk, 1);
  g_autoptr(GError) error = NULL;
  int status = 0;

  d->parent = mc_test_make_tmp_dir ();
  d->dir = g_build_filename (d->parent, "desk", NULL);
  d->work = mc_test_make_tmp_dir ();
  d->made = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_made_free);
  if (!g_spawn_sync (NULL, (char *[]) { "cp", "-a", src->dir, d->dir, NULL }, NULL,
                     G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("cp -a %s: %s", src->dir, error->message);
  for (guint i = 0; i < src->made->len; i++)
    {
      McMade *m = src->made->pdata[i], *c = g_new0 (McMade, 1);

      c->uuid = g_strdup (m->uuid);
      c->code = g_strdup (m->code);
      c->name = g_strdup (m->name);
      c->sha256 = g_ptr_array_new_with_free_func (g_free);
      for (guint j = 0; j < m->sha256->len; j++)
        g_ptr_array_add (c->sha256, g_strdup (m->sha256->pdata[j]));
      g_ptr_array_add (d->made, c);
    }
  return d;
}

/* `motcua enrol --server URL --token-file T [--ca-file CA]`. */
static inline McResult
mc_desk_enrol_run (McDesk     *d,
                   const char *url,
                   const char *token,
                   const char *ca_file)
{
  g_autofree char *token_file = g_build_filename (d->work, "token.txt", NULL);
  g_autofree char *line = g_strconcat (token, "\n", NULL);

  g_assert_true (g_file_set_contents (token_file, line, -1, NULL));
  g_chmod (token_file, 0600);
  if (ca_file != NULL)
    return mc_cli_run (d->dir, 60000, MC_SYNC_ARGS ("enrol", "--server", url, "--token-file", token_file, "--ca-file", ca_file));
  return mc_cli_run (d->dir, 60000, MC_SYNC_ARGS ("enrol", "--server", url, "--token-file", token_file));
}

/* Enrols with a new token of the station "xa-tan-lap" from @s. */
static inline void
mc_desk_enrol (McDesk   *d,
               McServer *s)
{
  g_autofree char *token = mc_server_token (s->data_dir, "xa-tan-lap");
  McResult r = mc_desk_enrol_run (d, s->url, token, NULL);

  if (r.status != 0)
    g_error ("motcua enrol %s: exit %d\nstdout:\n%s\nstderr:\n%s", s->url, r.status, r.out, r.err);
  mc_result_clear (&r);
}

static const char *mc_sync_given[] = { "An", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà", "Hương", "Khánh", "Lan", "Minh", "Nam", "Phúc", "Quân", "Thảo", "Vy" };
static const char *mc_sync_family[] = { "Nguyễn Văn", "Trần Thị", "Lê Hoàng", "Phạm Thị", "Đặng Văn", "Huỳnh Ngọc", "Vũ Đình", "Bùi Thị" };

/* Writes an attachment file of about @size bytes; PNG when @png. */
static inline char *
mc_desk_make_file (McDesk  *d,
                   gint64   size,
                   gboolean png)
{
  guint n = ++d->serial;
  char *path = g_strdup_printf ("%s/scan-%05u.%s", d->work, n, png ? "png" : "pdf");

  if (png)
    mc_sync_write_png (path, size, g_test_rand_int () ^ ((guint64) n << 32));
  else
    mc_sync_write_pdf (path, MAX (size, 600), ((guint64) g_test_rand_int () << 20) ^ n);
  return path;
}

/* One dossier taken in by `motcua intake` with attachments of @sizes
 * (bytes; negative = a PNG of about that size): the first ones listed in
 * the intake JSON, the last one (when there are two or more) added
 * afterwards with `motcua attach --paper`. @name NULL: a generated one. */
static inline McMade *
mc_desk_add_dossier (McDesk       *d,
                     const char   *name,
                     const gint64 *sizes,
                     guint         n_sizes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json = NULL;
  g_autofree char *input = NULL;
  g_autofree char *cccd = NULL;
  McMade *m = g_new0 (McMade, 1);
  guint n_in_intake = n_sizes >= 2 ? n_sizes - 1 : n_sizes;
  guint k = ++d->serial;
  McResult r;

  for (guint i = 0; i < n_sizes; i++)
    g_ptr_array_add (files, mc_desk_make_file (d, ABS (sizes[i]), sizes[i] < 0));

  m->sha256 = g_ptr_array_new_with_free_func (g_free);
  m->name = name != NULL ? g_strdup (name)
                         : g_strdup_printf ("%s %s", mc_sync_family[k % G_N_ELEMENTS (mc_sync_family)],
                                            mc_sync_given[(k / 8) % G_N_ELEMENTS (mc_sync_given)]);
  cccd = g_strdup_printf ("001185%06u", k % 1000000);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "procedure_code");
  json_builder_add_string_value (b, "HT-KS");
  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "full_name");
  json_builder_add_string_value (b, m->name);
  json_builder_set_member_name (b, "id_kind");
  json_builder_add_string_value (b, "cccd");
  json_builder_set_member_name (b, "id_number");
  json_builder_add_string_value (b, cccd);
  json_builder_set_member_name (b, "date_of_birth");
  json_builder_add_string_value (b, "1985-03-02");
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, "Thôn 3, xã Tân Lập");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "papers");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Tờ khai đăng ký khai sinh");
  json_builder_end_object (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Giấy chứng sinh");
  json_builder_end_object (b);
  json_builder_end_array (b);
  if (d->received_at != NULL)
    {
      json_builder_set_member_name (b, "received_at");
      json_builder_add_string_value (b, d->received_at);
      json_builder_set_member_name (b, "backdate_reason");
      json_builder_add_string_value (b, "Nhập bù hồ sơ hôm trước");
    }
  if (k % 4 == 0)
    {
      /* Every fourth: fees collected, one of them exempt (else the catalog's default). */
      g_autofree char *fees = g_strdup_printf ("[{\"name\": \"Lệ phí đăng ký khai sinh quá hạn\", \"amount\": %u},"
                                               " {\"name\": \"Phí cấp bản sao\", \"amount\": 0,"
                                               " \"exempt\": true, \"reason\": \"Hộ nghèo\"}]", 5000 + k);

      json_builder_set_member_name (b, "fees");
      json_builder_add_value (b, json_from_string (fees, NULL));
    }
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_in_intake; i++)
    json_builder_add_string_value (b, files->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  input = g_strdup_printf ("%s/intake-%05u.json", d->work, k);
  g_assert_true (g_file_set_contents (input, json, -1, NULL));

  r = mc_cli_expect (d->dir, 0, 60000, MC_SYNC_ARGS ("intake", "--json", input));
  out = mc_sync_parse_json ("motcua intake", r.out);
  m->uuid = g_strdup (json_object_get_string_member (json_node_get_object (out), "uuid"));
  m->code = g_strdup (json_object_get_string_member (json_node_get_object (out), "code"));
  mc_result_clear (&r);

  for (guint i = 0; i < n_sizes; i++)
    {
      if (i >= n_in_intake)
        {
          g_autoptr(JsonNode) att = NULL;

          r = mc_cli_expect (d->dir, 0, 60000, MC_SYNC_ARGS ("attach", m->code, files->pdata[i], "--paper", "giay chung sinh", "--json"));
          att = mc_sync_parse_json ("motcua attach", r.out);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (att), "size"), ==, mc_sync_file_size (files->pdata[i]));
          mc_result_clear (&r);
        }
      g_ptr_array_add (m->sha256, mc_sync_sha256_file (files->pdata[i]));
      g_unlink (files->pdata[i]);   /* the desk has its own copy */
    }
  g_unlink (input);
  g_ptr_array_add (d->made, m);
  return m;
}

/* @n dossiers with 0–3 attachments each, of log-uniform sizes in
 * [1 KB, @max_size], one in four a PNG (≤ 512 KB). Returns the total
 * attachment bytes. */
static inline gint64
mc_desk_add_mixed (McDesk *d,
                   guint   n,
                   gint64  max_size)
{
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 sizes[3];
      guint k = (guint) g_test_rand_int_range (0, 4);

      for (guint j = 0; j < k; j++)
        {
          double lo = log (1024.0), hi = log ((double) max_size);
          gint64 size = (gint64) exp (lo + g_test_rand_double () * (hi - lo));
          gboolean png = g_test_rand_int_range (0, 4) == 0 && size <= 512 * 1024;

          sizes[j] = png ? -size : size;
        }
      /* The first dossier always has the largest size, so the run has one. */
      if (i == 0)
        {
          k = 2;
          sizes[0] = max_size;
          sizes[1] = 1024;
        }
      mc_desk_add_dossier (d, NULL, sizes, k);
      for (guint j = 0; j < k; j++)
        total += ABS (sizes[j]);
    }
  return total;
}

/* `motcua outbox --json`, parsed: an array. */
static inline JsonNode *
mc_desk_outbox (McDesk *d)
{
  McResult r = mc_cli_expect (d->dir, 0, 30000, MC_SYNC_ARGS ("outbox", "--json"));
  JsonNode *node = mc_sync_parse_json ("motcua outbox --json", r.out);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  mc_result_clear (&r);
  return node;
}

static inline guint
mc_desk_outbox_count (McDesk *d)
{
  g_autoptr(JsonNode) node = mc_desk_outbox (d);

  return json_array_get_length (json_node_get_array (node));
}

/* Runs `motcua sync` until it exits 0, at most @timeout_ms in all; exit
 * 75 (items remain: unreachable, busy, backoff) means run it again after
 * a short pause. Anything else fails the test. Returns the runs made. */
static inline guint
mc_desk_sync_until_done (McDesk *d,
                         gint64  timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  guint runs = 0;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      McResult r;

      if (left <= 0)
        g_error ("motcua sync did not finish within %" G_GINT64_FORMAT " ms (%u runs)", timeout_ms, runs);
      r = mc_cli_run (d->dir, left, MC_SYNC_ARGS ("sync"));
      runs++;
      if (r.status == 0)
        {
          mc_result_clear (&r);
          return runs;
        }
      if (r.status != 75)
        g_error ("motcua sync: exit %d (run %u)\nstdout:\n%s\nstderr:\n%s", r.status, runs, r.out, r.err);
      mc_result_clear (&r);
      g_usleep (100000);
    }
}

/* --- verification --------------------------------------------------------- */

static inline char *
mc_desk_blob_path (McDesk     *d,
                   const char *sha256)
{
  g_autofree char *root = g_build_filename (d->dir, "blobs", NULL);
  g_autoptr(McBlobs) blobs = mc_blobs_new (root);

  return mc_blobs_get_path (blobs, sha256);
}

/* Each server dossier is one of @d's, at most once by UUID and by code,
 * with the desk's code, and its attachments are the desk's (name, size,
 * SHA-256), each equal to the hash of the desk's blob and of the server's
 * files/<sha256>. With @complete, every dossier of @d is on the server.
 * Returns how many the server holds. */
static inline guint
mc_sync_verify (McDesk     *d,
                const char *server_dir,
                gboolean    complete)
{
  g_autoptr(JsonNode) node = mc_server_dossiers (server_dir);
  JsonArray *array = json_node_get_array (node);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) hashed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (d->dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < d->made->len; i++)
    g_hash_table_insert (by_uuid, ((McMade *) d->made->pdata[i])->uuid, d->made->pdata[i]);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *uuid = json_object_get_string_member (o, "uuid");
      const char *code = json_object_get_string_member (o, "code");
      JsonArray *atts = json_object_get_array_member (o, "attachments");
      McMade *m = g_hash_table_lookup (by_uuid, uuid);
      g_autoptr(McDossier) dossier = NULL;
      GPtrArray *desk_atts;

      if (m == NULL)
        g_error ("the server holds %s (%s), which this desk never made", uuid, code);
      if (!g_hash_table_add (seen_uuid, (gpointer) uuid))
        g_error ("the server holds %s twice", uuid);
      if (!g_hash_table_add (seen_code, (gpointer) code))
        g_error ("the server holds code %s twice", code);
      g_assert_cmpstr (code, ==, m->code);

      dossier = mc_store_load_dossier (store, uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mc_dossier_get_code (dossier), ==, code);
      desk_atts = mc_dossier_get_attachments (dossier);
      if (json_array_get_length (atts) != desk_atts->len)
        g_error ("%s: %u attachments on the server, %u on the desk", code, json_array_get_length (atts), desk_atts->len);
      g_assert_cmpuint (desk_atts->len, ==, m->sha256->len);
      for (guint j = 0; j < desk_atts->len; j++)
        {
          McAttachment *a = desk_atts->pdata[j];
          JsonObject *sa = json_array_get_object_element (atts, j);
          const char *sha = json_object_get_string_member (sa, "sha256");
          g_autofree char *blob = mc_desk_blob_path (d, a->sha256);
          g_autofree char *server_file = g_build_filename (server_dir, "files", sha, NULL);

          g_assert_cmpstr (sha, ==, a->sha256);
          g_assert_cmpstr (sha, ==, m->sha256->pdata[j]);
          g_assert_cmpstr (json_object_get_string_member (sa, "name"), ==, a->name);
          g_assert_cmpint (json_object_get_int_member (sa, "size"), ==, a->size);
          if (!g_hash_table_contains (hashed, sha))
            {
              g_autofree char *desk_sum = mc_sync_sha256_file (blob);
              g_autofree char *server_sum = mc_sync_sha256_file (server_file);

              if (g_strcmp0 (desk_sum, sha) != 0)
                g_error ("%s: the desk blob %s hashes to %s", code, blob, desk_sum);
              if (server_sum == NULL)
                g_error ("%s: the server lacks %s", code, server_file);
              if (g_strcmp0 (server_sum, sha) != 0)
                g_error ("%s: the server's %s hashes to %s", code, server_file, server_sum);
              g_assert_cmpint (mc_sync_file_size (server_file), ==, a->size);
              g_hash_table_add (hashed, g_strdup (sha));
            }
        }
    }
  if (complete && g_hash_table_size (seen_uuid) != d->made->len)
    {
      for (guint i = 0; i < d->made->len; i++)
        if (!g_hash_table_contains (seen_uuid, ((McMade *) d->made->pdata[i])->uuid))
          g_test_message ("missing on the server: %s", ((McMade *) d->made->pdata[i])->code);
      g_error ("the server holds %u of the desk's %u dossiers", g_hash_table_size (seen_uuid), d->made->len);
    }
  return g_hash_table_size (seen_uuid);
}

/* How an upload test ends once the desk is done: the server holds all
 * @expected dossiers of @d as mc_sync_verify() checks them and the
 * desk's outbox is empty; then the server stops, and @d and the server's
 * data dir (@server_dir, whose string stays the caller's) go. */
static inline void
mc_sync_finish (McDesk     *d,
                McServer   *server,
                const char *server_dir,
                guint       expected)
{
  g_assert_cmpuint (mc_sync_verify (d, server_dir, TRUE), ==, expected);
  g_assert_cmpuint (mc_desk_outbox_count (d), ==, 0);
  mc_server_free (server);
  mc_desk_free (d);
  mc_test_rm_rf (server_dir);
}

/* Fails if any file under @dir other than one named @allowed holds @needle. */
static inline void
mc_sync_grep_dir (const char *dir,
                  const char *needle,
                  const char *allowed)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;

  while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          mc_sync_grep_dir (path, needle, allowed);
          continue;
        }
      if (g_strcmp0 (name, allowed) == 0)
        continue;
      if (g_file_get_contents (path, &data, &len, NULL) &&
          memmem (data, len, needle, strlen (needle)) != NULL)
        g_error ("the token is in %s", path);
    }
}

G_END_DECLS

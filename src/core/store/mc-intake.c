/* mc-intake.c — taking a dossier in: parse, check, save */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-attachments.h"
#include "mc-canon.h"
#include "mc-core-env.h"
#include "mc-fees.h"
#include "mc-intake.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-text.h"

G_DEFINE_QUARK (mc-intake-error-quark, mc_intake_error)

#define MAX_ADDRESS_CHARS MC_LIMIT_ADDRESS_CHARS
#define MAX_NOTES_CHARS   MC_LIMIT_NOTES_CHARS
#define MAX_COPIES        MC_LIMIT_COPIES

static gboolean
invalid (GError    **error,
         const char *field,
         const char *what)
{
  g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID, "%s: %s", field, what);
  return FALSE;
}

/* Rewraps a field check's error with the field's JSON path. */
static gboolean
fail_field (GError     **error,
            const char  *path,
            GError      *local_error)
{
  g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID, "%s: %s", path, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

/* Reads an optional string member; a present member of another type is an
 * error naming it. */
static gboolean
get_string (JsonObject  *obj,
            const char  *member,
            const char  *path,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return invalid (error, path, _("it is required"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, path, _("must be a text string"));

  *out = json_node_get_string (node);
  if (required)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (*out));

      if (*trimmed == '\0')
        return invalid (error, path, _("it is required"));
    }
  return TRUE;
}

static gboolean
get_count (JsonObject  *obj,
           const char  *member,
           const char  *path,
           guint        fallback,
           guint       *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 v;

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, path, _("must be a whole number"));
  v = json_node_get_int (node);
  if (v < 1 || v > MAX_COPIES)
    {
      g_autofree char *msg = g_strdup_printf (_("must be from 1 to %d"), MAX_COPIES);
      return invalid (error, path, msg);
    }
  *out = (guint) v;
  return TRUE;
}

static gboolean
parse_applicant (JsonObject  *root,
                 McDossier   *d,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (root, "applicant");
  JsonObject *a;
  const char *name, *kind_str, *number, *dob, *phone, *address, *email;
  McIdKind kind;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return invalid (error, "applicant", _("it is required"));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "applicant", _("must be an object"));
  a = json_node_get_object (node);

  if (!get_string (a, "full_name", "applicant.full_name", TRUE, &name, error) ||
      !get_string (a, "id_kind", "applicant.id_kind", TRUE, &kind_str, error) ||
      !get_string (a, "id_number", "applicant.id_number", TRUE, &number, error) ||
      !get_string (a, "date_of_birth", "applicant.date_of_birth", FALSE, &dob, error) ||
      !get_string (a, "phone", "applicant.phone", FALSE, &phone, error) ||
      !get_string (a, "address", "applicant.address", TRUE, &address, error) ||
      !get_string (a, "email", "applicant.email", FALSE, &email, error))
    return FALSE;

  if (!mc_id_kind_from_string (kind_str, &kind))
    return invalid (error, "applicant.id_kind", _("must be “cccd”, “cmnd” or “passport”"));

  mc_dossier_set_applicant_name (d, name);
  mc_dossier_set_id (d, kind, number);
  mc_dossier_set_date_of_birth (d, dob);
  mc_dossier_set_phone (d, phone);
  mc_dossier_set_address (d, address);
  mc_dossier_set_email (d, email);
  return TRUE;
}

static gboolean
parse_papers (JsonObject  *root,
              McDossier   *d,
              GError     **error)
{
  JsonNode *node = json_object_get_member (root, "papers");
  JsonArray *papers;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "papers", _("must be a list"));

  papers = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (papers); i++)
    {
      JsonNode *item = json_array_get_element (papers, i);
      g_autofree char *path = g_strdup_printf ("papers[%u]", i);
      g_autofree char *name_path = g_strdup_printf ("papers[%u].name", i);
      g_autofree char *form_path = g_strdup_printf ("papers[%u].form", i);
      g_autofree char *copies_path = g_strdup_printf ("papers[%u].copies", i);
      const char *name, *form_str;
      McPaperForm form = MC_PAPER_FORM_ORIGINAL;
      guint copies;
      JsonObject *p;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, path, _("must be an object with “name” and “copies”"));
      p = json_node_get_object (item);
      if (!get_string (p, "name", name_path, TRUE, &name, error) ||
          !get_string (p, "form", form_path, FALSE, &form_str, error) ||
          !get_count (p, "copies", copies_path, 1, &copies, error))
        return FALSE;
      if (form_str != NULL && !mc_paper_form_from_string (form_str, &form))
        return invalid (error, form_path, _("must be “original”, “certified_copy” or “copy”"));

      mc_dossier_add_paper (d, mc_paper_new (name, form, copies));
    }
  return TRUE;
}

McIntakeFile *
mc_intake_file_new (const char *path,
                    const char *paper)
{
  McIntakeFile *file = g_new0 (McIntakeFile, 1);

  file->path = g_strdup (path);
  file->paper = g_strdup (paper);
  return file;
}

void
mc_intake_file_free (McIntakeFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->paper);
  g_free (file);
}

static gboolean
is_nonempty_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         *json_node_get_string (node) != '\0';
}

/* Each item is a path, or {"path": …, "paper": …}. */
static gboolean
parse_attachments (JsonObject  *root,
                   GPtrArray   *files,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (root, "attachments");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "attachments", _("must be a list of file paths"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("attachments[%u]", i);
      g_autofree char *file_path = g_strdup_printf ("attachments[%u].path", i);
      g_autofree char *paper_path = g_strdup_printf ("attachments[%u].paper", i);
      const char *paper = NULL;
      JsonObject *o;

      if (is_nonempty_string (item))
        {
          g_ptr_array_add (files, mc_intake_file_new (json_node_get_string (item), NULL));
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, path, _("must be a file path, or an object with “path” and “paper”"));
      o = json_node_get_object (item);
      if (!is_nonempty_string (json_object_get_member (o, "path")))
        return invalid (error, file_path, _("must be a file path"));
      if (!get_string (o, "paper", paper_path, FALSE, &paper, error))
        return FALSE;
      g_ptr_array_add (files, mc_intake_file_new (json_object_get_string_member (o, "path"), paper));
    }
  return TRUE;
}

/* `fees` as given, or absent: what the catalog says the procedure costs. */
static gboolean
parse_fees (JsonObject  *root,
            McDossier   *d,
            McCatalog   *catalog,
            const char  *procedure_code,
            GError     **error)
{
  JsonNode *node = json_object_get_member (root, "fees");
  g_autoptr(GPtrArray) fees = NULL;
  GError *e = NULL;

  if (node == NULL)
    {
      McProcedure *procedure = mc_catalog_lookup (catalog, procedure_code);

      /* An unknown procedure is reported by mc_intake_validate (). */
      if (procedure != NULL)
        fees = mc_fees_from_procedure (procedure);
    }
  else if ((fees = mc_fees_from_json (node, &e)) == NULL)
    {
      g_set_error_literal (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID, e->message);
      g_error_free (e);
      return FALSE;
    }
  mc_dossier_set_fees (d, fees);
  return TRUE;
}

McDossier *
mc_intake_parse_json_files (const char  *data,
                            gssize       length,
                            McCatalog   *catalog,
                            GPtrArray  **out_files,
                            GError     **error)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(McDossier) d = mc_dossier_new ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_intake_file_free);
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  const char *procedure, *received, *notes, *reason;
  guint sets;

  root_node = mc_json_parse (data, length, MC_LIMIT_INTAKE_JSON_SIZE, &local_error);
  if (root_node == NULL)
    {
      g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_PARSE,
                   _("The dossier is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_PARSE,
                   _("The dossier must be one JSON object"));
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!get_string (root, "procedure_code", "procedure_code", TRUE, &procedure, error) ||
      !get_string (root, "received_at", "received_at", FALSE, &received, error) ||
      !get_string (root, "notes", "notes", FALSE, &notes, error) ||
      !get_string (root, "backdate_reason", "backdate_reason", FALSE, &reason, error) ||
      !get_count (root, "sets", "sets", 1, &sets, error) ||
      !parse_applicant (root, d, error) ||
      !parse_papers (root, d, error) ||
      !parse_fees (root, d, catalog, procedure, error) ||
      !parse_attachments (root, files, error))
    return NULL;

  mc_dossier_set_procedure (d, procedure, NULL, 0);
  mc_dossier_set_notes (d, notes);
  mc_dossier_set_backdate_reason (d, reason);
  mc_dossier_set_sets (d, sets);

  if (received != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) at = NULL;

      GError *e = NULL;

      if (!mc_validate_received_at (received, now, &at, &e))
        {
          fail_field (error, "received_at", e);
          return NULL;
        }
      mc_dossier_set_received_at (d, at);
    }

  if (!mc_intake_validate (d, catalog, NULL, error))
    return NULL;

  if (out_files != NULL)
    *out_files = g_steal_pointer (&files);
  return g_steal_pointer (&d);
}

McDossier *
mc_intake_parse_json (const char  *data,
                      gssize       length,
                      McCatalog   *catalog,
                      GPtrArray  **out_attachment_paths,
                      GError     **error)
{
  g_autoptr(GPtrArray) files = NULL;
  McDossier *d = mc_intake_parse_json_files (data, length, catalog, &files, error);

  if (d != NULL && out_attachment_paths != NULL)
    {
      *out_attachment_paths = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < files->len; i++)
        {
          McIntakeFile *f = g_ptr_array_index (files, i);
          g_ptr_array_add (*out_attachment_paths, g_strdup (f->path));
        }
    }
  return d;
}


/* Counted as the server counts them: characters of the NFC form. */
static glong
nfc_length (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_NFC);

  return nfc != NULL ? g_utf8_strlen (nfc, -1) : G_MAXLONG;
}

static gboolean
check_papers (McDossier  *d,
              GError    **error)
{
  GPtrArray *papers = mc_dossier_get_papers (d);

  if (papers->len > MC_LIMIT_PAPERS)
    {
      g_autofree char *what = g_strdup_printf (_("at most %d papers"), MC_LIMIT_PAPERS);

      return invalid (error, "papers", what);
    }
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *paper = g_ptr_array_index (papers, i);

      if (nfc_length (paper->name) > MC_LIMIT_PAPER_NAME_CHARS)
        {
          g_autofree char *path = g_strdup_printf ("papers[%u].name", i);
          g_autofree char *what = g_strdup_printf (_("it is too long (at most %d characters); shorten it"),
                                                   MC_LIMIT_PAPER_NAME_CHARS);

          return invalid (error, path, what);
        }
    }
  return TRUE;
}

/* The whole body must fit the server's cap once uploaded, with room for
 * the attachments and what the upload adds. */
static gboolean
check_body_size (McDossier  *d,
                 GError    **error)
{
  g_autoptr(JsonNode) node = mc_dossier_to_json (d);
  g_autoptr(GBytes) canon = mc_canon_from_node (node, NULL);

  if (canon == NULL || g_bytes_get_size (canon) + MC_LIMIT_BODY_MARGIN > MC_LIMIT_BODY_SIZE)
    return invalid (error, "(dossier)", _("the dossier is too large to send; shorten its texts"));
  return TRUE;
}

gboolean
mc_intake_validate (McDossier   *d,
                    McCatalog   *catalog,
                    GDateTime   *now_in,
                    GError     **error)
{
  g_autoptr(GDateTime) now = now_in != NULL ? g_date_time_ref (now_in) : g_date_time_new_now_utc ();
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now_local = g_date_time_to_timezone (now, tz);
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *address = NULL;
  GError *e = NULL;
  McProcedure *procedure;
  GDate today, dob;
  gboolean have_dob = FALSE;

  procedure = mc_catalog_lookup (catalog, mc_dossier_get_procedure_code (d));
  if (procedure == NULL)
    {
      g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID,
                   "procedure_code: %s",
                   _("this procedure is not in the catalog; see “motcua catalog list”"));
      return FALSE;
    }
  mc_dossier_set_procedure (d, mc_procedure_get_code (procedure), mc_procedure_get_name (procedure),
                            mc_procedure_get_processing_days (procedure));

  name = mc_text_normalize (mc_dossier_get_applicant_name (d) ? mc_dossier_get_applicant_name (d) : "");
  if (!mc_validate_full_name (name, &e))
    return fail_field (error, "applicant.full_name", e);
  mc_dossier_set_applicant_name (d, name);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now_local),
                  g_date_time_get_month (now_local), g_date_time_get_year (now_local));
  if (mc_dossier_get_date_of_birth (d) != NULL)
    {
      if (!mc_validate_date_of_birth (mc_dossier_get_date_of_birth (d), &today, &dob, &e))
        return fail_field (error, "applicant.date_of_birth", e);
      have_dob = TRUE;
    }

  if (!mc_validate_id_number (mc_dossier_get_id_kind (d), mc_dossier_get_id_number (d),
                              have_dob ? &dob : NULL, &number, &e))
    return fail_field (error, "applicant.id_number", e);
  mc_dossier_set_id (d, mc_dossier_get_id_kind (d), number);

  if (mc_dossier_get_phone (d) != NULL)
    {
      if (!mc_validate_phone (mc_dossier_get_phone (d), &phone, &e))
        return fail_field (error, "applicant.phone", e);
      mc_dossier_set_phone (d, phone);
    }

  if (mc_dossier_get_email (d) != NULL &&
      !mc_validate_email (mc_dossier_get_email (d), &e))
    return fail_field (error, "applicant.email", e);

  address = mc_text_normalize (mc_dossier_get_address (d) ? mc_dossier_get_address (d) : "");
  if (*address == '\0')
    return invalid (error, "applicant.address", _("it is required"));
  if (g_utf8_strlen (address, -1) > MAX_ADDRESS_CHARS)
    return invalid (error, "applicant.address", _("it is too long; shorten it"));
  mc_dossier_set_address (d, address);

  if (mc_dossier_get_notes (d) != NULL && g_utf8_strlen (mc_dossier_get_notes (d), -1) > MAX_NOTES_CHARS)
    return invalid (error, "notes", _("it is too long; shorten it"));

  if (mc_dossier_get_received_at (d) != NULL &&
      !mc_validate_received_time (mc_dossier_get_received_at (d), now, &e))
    return fail_field (error, "received_at", e);

  if (!mc_fees_validate (mc_dossier_get_fees (d), &e))
    {
      g_set_error_literal (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID, e->message);
      g_error_free (e);
      return FALSE;
    }
  return check_papers (d, error) && check_body_size (d, error);
}

McCalendar *
mc_intake_load_calendar (McStore  *store,
                         GError  **error)
{
  return mc_store_load_calendar (store, error);
}

/* Papers and the count are checked before anything is copied; each file
 * is then copied and its copy checked (mc_attachment_copy_checked). */
static gboolean
check_attachment_list (McDossier  *d,
                       GPtrArray  *files,
                       GError    **error)
{
  guint n = files != NULL ? files->len : 0;

  if (mc_dossier_get_attachments (d)->len + n > MC_LIMIT_ATTACHMENTS)
    {
      g_autofree char *what = g_strdup_printf (_("at most %d files"), MC_LIMIT_ATTACHMENTS);

      return invalid (error, "attachments", what);
    }
  for (guint i = 0; i < n; i++)
    {
      McIntakeFile *f = g_ptr_array_index (files, i);

      if (f->paper != NULL && mc_attachment_find_paper (d, f->paper) == NULL)
        {
          g_autofree char *list = mc_attachment_list_papers (d);
          g_autofree char *what = g_strdup_printf (_("the dossier has no paper “%s”; its papers are %s"), f->paper, list);
          g_autofree char *path = g_strdup_printf ("attachments[%u].paper", i);

          return invalid (error, path, what);
        }
    }
  return TRUE;
}

static gboolean
has_attachment_in (GPtrArray  *attachments,
                   const char *sha256)
{
  for (guint i = 0; i < attachments->len; i++)
    if (g_str_equal (((McAttachment *) g_ptr_array_index (attachments, i))->sha256, sha256))
      return TRUE;
  return FALSE;
}

static gboolean
has_attachment (McDossier  *d,
                const char *sha256)
{
  return has_attachment_in (mc_dossier_get_attachments (d), sha256);
}

/* Every file is copied and its copy checked before any is committed, so
 * a bad one leaves nothing behind in the blob store. */
static gboolean
add_attachments (McStore       *store,
                 McDossier     *d,
                 GPtrArray     *files,
                 GCancellable  *cancellable,
                 GError       **error)
{
  McBlobs *blobs = mc_store_get_blobs (store);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_blobs_pending_free);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_free);

  if (!check_attachment_list (d, files, error))
    return FALSE;

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      McIntakeFile *f = g_ptr_array_index (files, i);
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (f->path);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *mime = NULL;
      McBlobsPending *p;
      McAttachment *a;

      p = mc_attachment_copy_checked (blobs, file, MC_INTAKE_MAX_ATTACHMENT_SIZE, &mime, cancellable, &local_error);
      if (p == NULL)
        {
          /* Keeps the domain, so a full disk stays an I/O error (exit 74). */
          if (local_error->domain == MC_BLOBS_ERROR && local_error->code != MC_BLOBS_ERROR_TOO_LARGE)
            g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                        _("attachments[%u]: cannot store “%s”: "), i, f->path);
          else
            g_set_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_ATTACHMENT,
                         "attachments[%u]: %s", i, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (pending, p);
      if (has_attachment (d, mc_blobs_pending_get_sha256 (p)) ||
          has_attachment_in (added, mc_blobs_pending_get_sha256 (p)))
        {
          g_autofree char *path = g_strdup_printf ("attachments[%u]", i);

          return invalid (error, path, _("this file is already attached; attach each file once"));
        }

      a = g_new0 (McAttachment, 1);
      a->name = mc_attachment_get_display_name (file);
      a->sha256 = g_strdup (mc_blobs_pending_get_sha256 (p));
      a->size = mc_blobs_pending_get_size (p);
      a->mime_type = g_steal_pointer (&mime);
      a->paper = g_strdup (f->paper != NULL ? mc_attachment_find_paper (d, f->paper) : NULL);
      g_ptr_array_add (added, a);
    }

  /* Blobs first, durably; the row that names them commits after. */
  for (guint i = 0; i < pending->len; i++)
    if (!mc_blobs_pending_commit (blobs, g_ptr_array_index (pending, i), error))
      return FALSE;
  while (added->len > 0)
    mc_dossier_add_attachment (d, g_ptr_array_steal_index (added, 0));
  return TRUE;
}

gboolean
mc_intake_receive_files (McStore       *store,
                         McCatalog     *catalog,
                         McCalendar    *calendar,
                         McDossier     *d,
                         GPtrArray     *files,
                         const char    *draft_uuid,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  McProcedure *procedure;
  GDate due;
  char due_str[16];

  if (mc_dossier_get_received_at (d) == NULL)
    mc_dossier_set_received_at (d, now);

  if (!mc_intake_validate (d, catalog, now, error))
    return FALSE;
  procedure = mc_catalog_lookup (catalog, mc_dossier_get_procedure_code (d));

  if (!mc_calendar_due_date_for_time (calendar, mc_dossier_get_received_at (d),
                                      mc_procedure_get_processing_days (procedure),
                                      mc_procedure_get_cutoff (procedure), &due, error))
    return FALSE;
  g_date_strftime (due_str, sizeof due_str, "%Y-%m-%d", &due);
  mc_dossier_set_due_date (d, due_str);

  /* Blobs first, durably; the row that names them commits after. */
  if (!add_attachments (store, d, files, cancellable, error))
    return FALSE;

  return mc_store_insert_dossier (store, d, draft_uuid, mc_core_get_actor (), error);
}

gboolean
mc_intake_receive (McStore       *store,
                   McCatalog     *catalog,
                   McCalendar    *calendar,
                   McDossier     *d,
                   GPtrArray     *attachment_paths,
                   const char    *draft_uuid,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_intake_file_free);

  for (guint i = 0; attachment_paths != NULL && i < attachment_paths->len; i++)
    g_ptr_array_add (files, mc_intake_file_new (g_ptr_array_index (attachment_paths, i), NULL));
  return mc_intake_receive_files (store, catalog, calendar, d, files, draft_uuid, cancellable, error);
}

/* mc-intake-form.c — what the intake form holds, without any widget */
#define G_LOG_DOMAIN "motcua-intake-form"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-form-fees.h"
#include "mc-intake-form-private.h"
#include "mc-json.h"
#include "mc-limits.h"

#define DRAFT_FORMAT 1

G_DEFINE_FINAL_TYPE (McIntakeForm, mc_intake_form, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Draft JSON member of each field. */
static const char * const field_keys[MC_FORM_N_FIELDS] = {
  [MC_FORM_FIELD_PROCEDURE] = "procedure_code",
  [MC_FORM_FIELD_FULL_NAME] = "full_name",
  [MC_FORM_FIELD_ID_KIND] = "id_kind",
  [MC_FORM_FIELD_ID_NUMBER] = "id_number",
  [MC_FORM_FIELD_DATE_OF_BIRTH] = "date_of_birth",
  [MC_FORM_FIELD_PHONE] = "phone",
  [MC_FORM_FIELD_ADDRESS] = "address",
  [MC_FORM_FIELD_EMAIL] = "email",
  [MC_FORM_FIELD_PAPERS] = "papers",
  [MC_FORM_FIELD_SETS] = "sets",
  [MC_FORM_FIELD_RECEIVED_EARLIER] = "received_earlier",
  [MC_FORM_FIELD_RECEIVED_DATE] = "received_date",
  [MC_FORM_FIELD_RECEIVED_TIME] = "received_time",
  [MC_FORM_FIELD_BACKDATE_REASON] = "backdate_reason",
  [MC_FORM_FIELD_NOTES] = "notes",
};

static gboolean
is_text_field (McFormField field)
{
  return field != MC_FORM_FIELD_ID_KIND && field != MC_FORM_FIELD_PAPERS &&
         field != MC_FORM_FIELD_SETS && field != MC_FORM_FIELD_RECEIVED_EARLIER &&
         (guint) field < MC_FORM_N_FIELDS;
}

static void
form_paper_free (McFormPaper *paper)
{
  g_free (paper->name);
  g_free (paper->note);
  g_free (paper);
}

static void
form_attachment_free (McFormAttachment *a)
{
  g_free (a->path);
  g_free (a->name);
  g_free (a->paper);
  g_free (a);
}

static void
emit_changed (McIntakeForm *self,
              McFormField   field)
{
  g_signal_emit (self, signals[CHANGED], 0, (int) field);
}

gboolean
mc_intake_form_is_empty (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), TRUE);

  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    if (is_text_field ((McFormField) i) && !mc_intake_form_is_blank (self->text[i]))
      return FALSE;
  for (guint i = 0; i < self->papers->len; i++)
    if (((McFormPaper *) g_ptr_array_index (self->papers, i))->checked)
      return FALSE;
  return !self->received_earlier && self->attachments->len == 0;
}

/* ---- GObject ---------------------------------------------------------- */

static void
mc_intake_form_finalize (GObject *object)
{
  McIntakeForm *self = (McIntakeForm *) object;

  g_free (self->uuid);
  g_clear_pointer (&self->now, g_date_time_unref);
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    g_free (self->text[i]);
  g_free (self->procedure_name);
  g_ptr_array_unref (self->papers);
  g_ptr_array_unref (self->attachments);
  g_ptr_array_unref (self->fees);

  G_OBJECT_CLASS (mc_intake_form_parent_class)->finalize (object);
}

static void
mc_intake_form_class_init (McIntakeFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_intake_form_finalize;

  /* A field's value changed (McFormField, as int). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
mc_intake_form_init (McIntakeForm *self)
{
  self->uuid = g_uuid_string_random ();
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    if (is_text_field ((McFormField) i))
      self->text[i] = g_strdup ("");
  self->id_kind = MC_ID_KIND_CCCD;
  self->sets = 1;
  self->papers = g_ptr_array_new_with_free_func ((GDestroyNotify) form_paper_free);
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) form_attachment_free);
  self->fees = g_ptr_array_new_with_free_func ((GDestroyNotify) _mc_intake_form_fee_free);
}

/* ---- public API ------------------------------------------------------- */

McIntakeForm *
mc_intake_form_new (void)
{
  return g_object_new (MC_TYPE_INTAKE_FORM, NULL);
}

const char *
mc_intake_form_get_uuid (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  return self->uuid;
}

void
mc_intake_form_set_uuid (McIntakeForm *self,
                         const char   *uuid)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (uuid != NULL && *uuid != '\0');

  g_free (self->uuid);
  self->uuid = g_strdup (uuid);
}

void
mc_intake_form_set_now (McIntakeForm *self,
                        GDateTime    *now)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
}

const char *
mc_intake_form_get_text (McIntakeForm *self,
                         McFormField   field)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), "");
  g_return_val_if_fail (is_text_field (field), "");
  return self->text[field];
}

void
mc_intake_form_set_text (McIntakeForm *self,
                         McFormField   field,
                         const char   *text)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (is_text_field (field));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text[field], text) == 0)
    return;
  g_free (self->text[field]);
  self->text[field] = g_strdup (text);
  emit_changed (self, field);
}

McIdKind
mc_intake_form_get_id_kind (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), MC_ID_KIND_CCCD);
  return self->id_kind;
}

void
mc_intake_form_set_id_kind (McIntakeForm *self,
                            McIdKind      kind)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (mc_id_kind_to_string (kind) != NULL);

  if (self->id_kind == kind)
    return;
  self->id_kind = kind;
  emit_changed (self, MC_FORM_FIELD_ID_KIND);
}

guint
mc_intake_form_get_sets (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), 1);
  return self->sets;
}

void
mc_intake_form_set_sets (McIntakeForm *self,
                         guint         sets)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));

  if (self->sets == sets)
    return;
  self->sets = sets;
  emit_changed (self, MC_FORM_FIELD_SETS);
}

gboolean
mc_intake_form_get_received_earlier (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), FALSE);
  return self->received_earlier;
}

void
mc_intake_form_set_received_earlier (McIntakeForm *self,
                                     gboolean      earlier)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));

  earlier = !!earlier;
  if (self->received_earlier == earlier)
    return;
  self->received_earlier = earlier;

  /* Most late entries are from earlier today: start from now. */
  if (earlier && mc_intake_form_is_blank (self->text[MC_FORM_FIELD_RECEIVED_DATE]) &&
      mc_intake_form_is_blank (self->text[MC_FORM_FIELD_RECEIVED_TIME]))
    {
      g_autoptr(GDateTime) now = mc_intake_form_get_now (self);
      g_autofree char *date = g_date_time_format (now, "%d/%m/%Y");
      g_autofree char *time = g_date_time_format (now, "%H:%M");

      mc_intake_form_set_text (self, MC_FORM_FIELD_RECEIVED_DATE, date);
      mc_intake_form_set_text (self, MC_FORM_FIELD_RECEIVED_TIME, time);
    }
  emit_changed (self, MC_FORM_FIELD_RECEIVED_EARLIER);
}

void
mc_intake_form_set_procedure (McIntakeForm *self,
                              McProcedure  *procedure)
{
  GPtrArray *required;

  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (procedure == NULL || MC_IS_PROCEDURE (procedure));

  /* Picking the same one again keeps what was ticked. */
  if (procedure != NULL && g_strcmp0 (self->text[MC_FORM_FIELD_PROCEDURE], mc_procedure_get_code (procedure)) == 0)
    return;
  if (procedure == NULL && *self->text[MC_FORM_FIELD_PROCEDURE] == '\0')
    return;

  g_free (self->text[MC_FORM_FIELD_PROCEDURE]);
  self->text[MC_FORM_FIELD_PROCEDURE] = g_strdup (procedure != NULL ? mc_procedure_get_code (procedure) : "");
  g_free (self->procedure_name);
  self->procedure_name = procedure != NULL ? g_strdup (mc_procedure_get_name (procedure)) : NULL;

  g_ptr_array_set_size (self->papers, 0);
  _mc_intake_form_reset_fees (self, procedure);
  required = procedure != NULL ? mc_procedure_get_papers (procedure) : NULL;
  for (guint i = 0; required != NULL && i < required->len; i++)
    {
      McRequiredPaper *r = g_ptr_array_index (required, i);
      McFormPaper *paper = g_new0 (McFormPaper, 1);

      paper->name = g_strdup (r->name);
      paper->note = g_strdup (r->note);
      paper->required = r->required;
      paper->form = r->form;
      paper->copies = CLAMP (r->copies, 1, MC_INTAKE_FORM_MAX_COPIES);
      g_ptr_array_add (self->papers, paper);
    }

  /* Copies of papers the new procedure does not ask for go; their files
   * stay in incoming/ (cleaned up with the data dir, never attached). */
  for (guint i = self->attachments->len; i > 0; i--)
    {
      McFormAttachment *a = g_ptr_array_index (self->attachments, i - 1);
      gboolean kept = FALSE;

      for (guint j = 0; j < self->papers->len && !kept; j++)
        kept = g_strcmp0 (((McFormPaper *) g_ptr_array_index (self->papers, j))->name, a->paper) == 0;
      if (!kept)
        g_ptr_array_remove_index (self->attachments, i - 1);
    }

  emit_changed (self, MC_FORM_FIELD_PROCEDURE);
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

const char *
mc_intake_form_get_procedure_name (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  return self->procedure_name;
}

guint
mc_intake_form_get_n_papers (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), 0);
  return self->papers->len;
}

const McFormPaper *
mc_intake_form_get_paper (McIntakeForm *self,
                          guint         index)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  g_return_val_if_fail (index < self->papers->len, NULL);
  return g_ptr_array_index (self->papers, index);
}

static McFormPaper *
get_paper (McIntakeForm *self,
           guint         index)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  g_return_val_if_fail (index < self->papers->len, NULL);
  return g_ptr_array_index (self->papers, index);
}

void
mc_intake_form_set_paper_checked (McIntakeForm *self,
                                  guint         index,
                                  gboolean      checked)
{
  McFormPaper *paper = get_paper (self, index);

  if (paper == NULL || paper->checked == !!checked)
    return;
  paper->checked = !!checked;
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

void
mc_intake_form_set_paper_form (McIntakeForm *self,
                               guint         index,
                               McPaperForm   form)
{
  McFormPaper *paper = get_paper (self, index);

  g_return_if_fail (mc_paper_form_to_string (form) != NULL);
  if (paper == NULL || paper->form == form)
    return;
  paper->form = form;
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

void
mc_intake_form_set_paper_copies (McIntakeForm *self,
                                 guint         index,
                                 guint         copies)
{
  McFormPaper *paper = get_paper (self, index);

  if (paper == NULL || paper->copies == copies)
    return;
  paper->copies = copies;
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

guint
mc_intake_form_get_n_attachments (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), 0);
  return self->attachments->len;
}

const McFormAttachment *
mc_intake_form_get_attachment (McIntakeForm *self,
                               guint         index)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  g_return_val_if_fail (index < self->attachments->len, NULL);
  return g_ptr_array_index (self->attachments, index);
}

void
mc_intake_form_add_attachment (McIntakeForm *self,
                               const char   *path,
                               const char   *name,
                               const char   *paper)
{
  McFormAttachment *a;

  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (path != NULL && name != NULL && paper != NULL);

  a = g_new0 (McFormAttachment, 1);
  a->path = g_strdup (path);
  a->name = g_strdup (name);
  a->paper = g_strdup (paper);
  g_ptr_array_add (self->attachments, a);

  for (guint i = 0; i < self->papers->len; i++)
    {
      McFormPaper *p = g_ptr_array_index (self->papers, i);

      if (g_strcmp0 (p->name, paper) == 0)
        p->checked = TRUE;
    }
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

void
mc_intake_form_remove_attachment (McIntakeForm *self,
                                  guint         index)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self));
  g_return_if_fail (index < self->attachments->len);

  g_ptr_array_remove_index (self->attachments, index);
  emit_changed (self, MC_FORM_FIELD_PAPERS);
}

guint
mc_intake_form_count_missing_required (McIntakeForm *self)
{
  guint missing = 0;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), 0);

  for (guint i = 0; i < self->papers->len; i++)
    {
      McFormPaper *paper = g_ptr_array_index (self->papers, i);

      if (paper->required && !paper->checked)
        missing++;
    }
  return missing;
}

/* NULL for an empty (or blank) field. */
static char *
optional_text (const char *text)
{
  char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);
  return trimmed;
}

McDossier *
mc_intake_form_to_dossier (McIntakeForm  *self,
                           GError       **error)
{
  g_autoptr(McDossier) d = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *address = NULL;
  g_autofree char *notes = NULL;
  int invalid;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);

  invalid = mc_intake_form_get_first_invalid (self);
  if (invalid >= 0)
    {
      g_autofree char *message = mc_intake_form_validate_field (self, (McFormField) invalid);

      g_set_error_literal (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT, message);
      return NULL;
    }

  d = mc_dossier_new ();
  /* The name and processing time are filled from the catalog at receipt. */
  mc_dossier_set_procedure (d, self->text[MC_FORM_FIELD_PROCEDURE], self->procedure_name, 0);

  name = mc_text_normalize (self->text[MC_FORM_FIELD_FULL_NAME]);
  mc_dossier_set_applicant_name (d, name);
  number = g_strstrip (g_strdup (self->text[MC_FORM_FIELD_ID_NUMBER]));
  mc_dossier_set_id (d, self->id_kind, number);
  dob = mc_intake_form_parse_date (self->text[MC_FORM_FIELD_DATE_OF_BIRTH]);
  mc_dossier_set_date_of_birth (d, dob);
  phone = optional_text (self->text[MC_FORM_FIELD_PHONE]);
  mc_dossier_set_phone (d, phone);
  address = mc_text_normalize (self->text[MC_FORM_FIELD_ADDRESS]);
  mc_dossier_set_address (d, address);
  email = optional_text (self->text[MC_FORM_FIELD_EMAIL]);
  mc_dossier_set_email (d, email);
  notes = optional_text (self->text[MC_FORM_FIELD_NOTES]);
  mc_dossier_set_notes (d, notes);
  mc_dossier_set_sets (d, self->sets);
  {
    g_autoptr(GPtrArray) fees = mc_intake_form_build_fees (self);   /* valid: checked with the papers */

    mc_dossier_set_fees (d, fees);
  }

  for (guint i = 0; i < self->papers->len; i++)
    {
      McFormPaper *paper = g_ptr_array_index (self->papers, i);

      if (paper->checked)
        mc_dossier_add_paper (d, mc_paper_new (paper->name, paper->form, paper->copies));
    }

  if (self->received_earlier)
    {
      g_autofree char *message = NULL;
      g_autofree char *reason = mc_text_normalize (self->text[MC_FORM_FIELD_BACKDATE_REASON]);
      g_autoptr(GDateTime) at = mc_intake_form_get_received_at (self, &message);

      g_assert (at != NULL);
      mc_dossier_set_received_at (d, at);
      mc_dossier_set_backdate_reason (d, reason);
    }

  return g_steal_pointer (&d);
}

/* ---- drafts ----------------------------------------------------------- */

static void
add_paper_json (JsonBuilder *b,
                McFormPaper *paper)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, paper->name);
  if (paper->note != NULL)
    {
      json_builder_set_member_name (b, "note");
      json_builder_add_string_value (b, paper->note);
    }
  json_builder_set_member_name (b, "required");
  json_builder_add_boolean_value (b, paper->required);
  json_builder_set_member_name (b, "checked");
  json_builder_add_boolean_value (b, paper->checked);
  json_builder_set_member_name (b, "form");
  json_builder_add_string_value (b, mc_paper_form_to_string (paper->form));
  json_builder_set_member_name (b, "copies");
  json_builder_add_int_value (b, paper->copies);
  json_builder_end_object (b);
}

char *
mc_intake_form_to_json (McIntakeForm *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_int_value (b, DRAFT_FORMAT);
  json_builder_set_member_name (b, "uuid");
  json_builder_add_string_value (b, self->uuid);
  if (self->procedure_name != NULL)
    {
      json_builder_set_member_name (b, "procedure_name");
      json_builder_add_string_value (b, self->procedure_name);
    }
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    if (is_text_field ((McFormField) i))
      {
        json_builder_set_member_name (b, field_keys[i]);
        json_builder_add_string_value (b, self->text[i]);
      }
  json_builder_set_member_name (b, field_keys[MC_FORM_FIELD_ID_KIND]);
  json_builder_add_string_value (b, mc_id_kind_to_string (self->id_kind));
  json_builder_set_member_name (b, field_keys[MC_FORM_FIELD_SETS]);
  json_builder_add_int_value (b, self->sets);
  json_builder_set_member_name (b, field_keys[MC_FORM_FIELD_RECEIVED_EARLIER]);
  json_builder_add_boolean_value (b, self->received_earlier);

  json_builder_set_member_name (b, field_keys[MC_FORM_FIELD_PAPERS]);
  json_builder_begin_array (b);
  for (guint i = 0; i < self->papers->len; i++)
    add_paper_json (b, g_ptr_array_index (self->papers, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      McFormAttachment *a = g_ptr_array_index (self->attachments, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, a->path);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, a->name);
      json_builder_set_member_name (b, "paper");
      json_builder_add_string_value (b, a->paper);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  _mc_intake_form_fees_to_json (self, b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Lenient readers: a draft is our own output, but a member of the wrong
 * type (a newer or damaged draft) must not lose the rest. */
static const char *
read_string (JsonObject *obj,
             const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
read_int (JsonObject *obj,
          const char *member,
          gint64      fallback)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
read_bool (JsonObject *obj,
           const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

static void
read_papers (McIntakeForm *self,
             JsonObject   *root)
{
  JsonNode *node = json_object_get_member (root, field_keys[MC_FORM_FIELD_PAPERS]);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      McFormPaper *paper;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      if (read_string (obj, "name") == NULL)
        continue;
      paper = g_new0 (McFormPaper, 1);
      paper->name = g_strdup (read_string (obj, "name"));
      paper->note = g_strdup (read_string (obj, "note"));
      paper->required = read_bool (obj, "required");
      paper->checked = read_bool (obj, "checked");
      if (!mc_paper_form_from_string (read_string (obj, "form"), &paper->form))
        paper->form = MC_PAPER_FORM_ORIGINAL;
      paper->copies = (guint) CLAMP (read_int (obj, "copies", 1), 1, MC_INTAKE_FORM_MAX_COPIES);
      g_ptr_array_add (self->papers, paper);
    }
}

static void
read_attachments (McIntakeForm *self,
                  JsonObject   *root)
{
  JsonNode *node = json_object_get_member (root, "attachments");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      McFormAttachment *a;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      if (read_string (obj, "path") == NULL || read_string (obj, "paper") == NULL)
        continue;
      a = g_new0 (McFormAttachment, 1);
      a->path = g_strdup (read_string (obj, "path"));
      a->paper = g_strdup (read_string (obj, "paper"));
      a->name = read_string (obj, "name") != NULL ? g_strdup (read_string (obj, "name"))
                                                  : g_path_get_basename (a->path);
      g_ptr_array_add (self->attachments, a);
    }
}

McIntakeForm *
mc_intake_form_new_from_json (const char  *data,
                              GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(McIntakeForm) self = NULL;
  JsonObject *root;
  const char *uuid;

  node = mc_json_parse (data != NULL ? data : "", -1, MC_LIMIT_INTAKE_JSON_SIZE, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _("The draft is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  /* Fields are filled directly: nobody listens yet. */
  self = mc_intake_form_new ();
  uuid = read_string (root, "uuid");
  if (uuid != NULL && g_uuid_string_is_valid (uuid))
    {
      g_free (self->uuid);
      self->uuid = g_strdup (uuid);
    }
  for (guint i = 0; i < MC_FORM_N_FIELDS; i++)
    if (is_text_field ((McFormField) i) && read_string (root, field_keys[i]) != NULL)
      {
        g_free (self->text[i]);
        self->text[i] = g_strdup (read_string (root, field_keys[i]));
      }
  self->procedure_name = g_strdup (read_string (root, "procedure_name"));
  if (!mc_id_kind_from_string (read_string (root, field_keys[MC_FORM_FIELD_ID_KIND]), &self->id_kind))
    self->id_kind = MC_ID_KIND_CCCD;
  self->sets = (guint) CLAMP (read_int (root, field_keys[MC_FORM_FIELD_SETS], 1), 1, MC_INTAKE_FORM_MAX_SETS);
  self->received_earlier = read_bool (root, field_keys[MC_FORM_FIELD_RECEIVED_EARLIER]);
  read_papers (self, root);
  read_attachments (self, root);
  _mc_intake_form_fees_from_json (self, root);

  return g_steal_pointer (&self);
}

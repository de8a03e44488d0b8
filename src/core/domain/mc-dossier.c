/* mc-dossier.c — one administrative-procedure dossier */
#define G_LOG_DOMAIN "motcua-dossier"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-dossier.h"
#include "mc-fees.h"
#include "mc-json.h"
#include "mc-text.h"

struct _McDossier
{
  GObject         parent_instance;

  gint64          id;
  char           *uuid;
  char           *code;
  McDossierState  state;

  char           *procedure_code;
  char           *procedure_name;
  guint           processing_days;

  char           *applicant_name;
  McIdKind        id_kind;
  char           *id_number;
  char           *date_of_birth;
  char           *phone;
  char           *address;
  char           *email;

  GDateTime      *received_at;
  char           *backdate_reason;
  char           *due_date;
  char           *notes;
  guint           sets;

  char           *printed_due_date;
  gboolean        has_sync_state;
  McOutboxState   sync_state;
  char           *sync_error;
  char           *sync_error_field;
  char           *server_ref;
  int             server_state_code;
  char           *server_message;
  char           *returned_at;
  char           *returned_to;

  GPtrArray      *papers;
  GPtrArray      *attachments;
  GPtrArray      *fees;          /* McFee: what was collected */
};

G_DEFINE_FINAL_TYPE (McDossier, mc_dossier, G_TYPE_OBJECT)

static const char *state_names[MC_DOSSIER_N_STATES] = {
  [MC_DOSSIER_STATE_DRAFT] = "draft",
  [MC_DOSSIER_STATE_RECEIVED] = "received",
  [MC_DOSSIER_STATE_UPLOADING] = "uploading",
  [MC_DOSSIER_STATE_RETRY_WAIT] = "retry_wait",
  [MC_DOSSIER_STATE_NEEDS_ATTENTION] = "needs_attention",
  [MC_DOSSIER_STATE_UPLOADED] = "uploaded",
  [MC_DOSSIER_STATE_PROCESSING] = "processing",
  [MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED] = "supplement_requested",
  [MC_DOSSIER_STATE_REJECTED] = "rejected",
  [MC_DOSSIER_STATE_DONE] = "done",
  [MC_DOSSIER_STATE_RETURNED] = "returned",
  [MC_DOSSIER_STATE_WITHDRAWN] = "withdrawn",
  [MC_DOSSIER_STATE_STOPPED] = "stopped",
};

const char *
mc_dossier_state_to_string (McDossierState state)
{
  g_return_val_if_fail (state < MC_DOSSIER_N_STATES, NULL);
  return state_names[state];
}

gboolean
mc_dossier_state_from_string (const char     *str,
                              McDossierState *out)
{
  int i = mc_text_index_of ((const char * const *) state_names, MC_DOSSIER_N_STATES, str);

  if (i >= 0)
    *out = (McDossierState) i;
  return i >= 0;
}

const char *
mc_dossier_state_get_label (McDossierState state)
{
  switch (state)
    {
    case MC_DOSSIER_STATE_DRAFT: return _("Draft");
    case MC_DOSSIER_STATE_RECEIVED: return _("Received, waiting to upload");
    case MC_DOSSIER_STATE_UPLOADING: return _("Uploading");
    case MC_DOSSIER_STATE_RETRY_WAIT: return _("Waiting to retry upload");
    case MC_DOSSIER_STATE_NEEDS_ATTENTION: return _("Needs attention");
    case MC_DOSSIER_STATE_UPLOADED: return _("Uploaded");
    case MC_DOSSIER_STATE_PROCESSING: return _("Processing");
    case MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED: return _("Supplement requested");
    case MC_DOSSIER_STATE_REJECTED: return _("Rejected");
    case MC_DOSSIER_STATE_DONE: return _("Done");
    case MC_DOSSIER_STATE_RETURNED: return _("Result returned");
    case MC_DOSSIER_STATE_WITHDRAWN: return _("Withdrawn by the applicant");
    case MC_DOSSIER_STATE_STOPPED: return _("Processing stopped");
    default: g_return_val_if_reached (NULL);
    }
}

McPaper *
mc_paper_new (const char  *name,
              McPaperForm  form,
              guint        copies)
{
  McPaper *paper = g_new0 (McPaper, 1);

  paper->name = g_strdup (name);
  paper->form = form;
  paper->copies = copies;
  return paper;
}

void
mc_paper_free (McPaper *paper)
{
  if (paper == NULL)
    return;
  g_free (paper->name);
  g_free (paper);
}

McAttachment *
mc_attachment_copy (const McAttachment *a)
{
  McAttachment *copy = g_new0 (McAttachment, 1);

  copy->name = g_strdup (a->name);
  copy->sha256 = g_strdup (a->sha256);
  copy->size = a->size;
  copy->mime_type = g_strdup (a->mime_type);
  copy->paper = g_strdup (a->paper);
  return copy;
}

void
mc_attachment_free (McAttachment *a)
{
  if (a == NULL)
    return;
  g_free (a->name);
  g_free (a->sha256);
  g_free (a->mime_type);
  g_free (a->paper);
  g_free (a);
}

static void
mc_dossier_finalize (GObject *object)
{
  McDossier *self = (McDossier *) object;

  g_free (self->uuid);
  g_free (self->code);
  g_free (self->procedure_code);
  g_free (self->procedure_name);
  g_free (self->applicant_name);
  g_free (self->id_number);
  g_free (self->date_of_birth);
  g_free (self->phone);
  g_free (self->address);
  g_free (self->email);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_free (self->backdate_reason);
  g_free (self->due_date);
  g_free (self->notes);
  g_free (self->printed_due_date);
  g_free (self->sync_error);
  g_free (self->sync_error_field);
  g_free (self->server_ref);
  g_free (self->server_message);
  g_free (self->returned_at);
  g_free (self->returned_to);
  g_clear_pointer (&self->papers, g_ptr_array_unref);
  g_clear_pointer (&self->fees, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (mc_dossier_parent_class)->finalize (object);
}

static void
mc_dossier_class_init (McDossierClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_dossier_finalize;
}

static void
mc_dossier_init (McDossier *self)
{
  self->state = MC_DOSSIER_STATE_DRAFT;
  self->sets = 1;
  self->papers = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_paper_free);
  self->fees = mc_fees_new ();
  self->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_attachment_free);
}

McDossier *
mc_dossier_new (void)
{
  return g_object_new (MC_TYPE_DOSSIER, NULL);
}

/* Empty strings are stored as NULL so "not given" has one representation. */
static void
set_str (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

#define STR_ACCESSORS(prop)                                             \
  const char *mc_dossier_get_##prop (McDossier *self)                   \
  {                                                                     \
    g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);                  \
    return self->prop;                                                  \
  }                                                                     \
  void mc_dossier_set_##prop (McDossier *self, const char *value)       \
  {                                                                     \
    g_return_if_fail (MC_IS_DOSSIER (self));                            \
    set_str (&self->prop, value);                                       \
  }

STR_ACCESSORS (uuid)
STR_ACCESSORS (code)
STR_ACCESSORS (applicant_name)
STR_ACCESSORS (date_of_birth)
STR_ACCESSORS (phone)
STR_ACCESSORS (address)
STR_ACCESSORS (email)
STR_ACCESSORS (backdate_reason)
STR_ACCESSORS (due_date)
STR_ACCESSORS (notes)
STR_ACCESSORS (printed_due_date)
STR_ACCESSORS (sync_error)
STR_ACCESSORS (sync_error_field)
STR_ACCESSORS (server_ref)
STR_ACCESSORS (server_message)

const char *
mc_dossier_get_returned_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->returned_at;
}

const char *
mc_dossier_get_returned_to (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->returned_to;
}

void
mc_dossier_set_returned (McDossier  *self,
                         const char *at,
                         const char *to)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  set_str (&self->returned_at, at);
  set_str (&self->returned_to, to);
}

gboolean
mc_dossier_get_sync_state (McDossier     *self,
                           McOutboxState *out)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), FALSE);
  if (self->has_sync_state && out != NULL)
    *out = self->sync_state;
  return self->has_sync_state;
}

void
mc_dossier_set_sync_state (McDossier     *self,
                           gboolean       has,
                           McOutboxState  state)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  self->has_sync_state = has;
  self->sync_state = has ? state : MC_OUTBOX_QUEUED;
}

int
mc_dossier_get_server_state_code (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);
  return self->server_state_code;
}

void
mc_dossier_set_server_state_code (McDossier *self,
                                  int        code)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  self->server_state_code = code;
}

gint64
mc_dossier_get_row_id (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);
  return self->id;
}

void
mc_dossier_set_row_id (McDossier *self,
                       gint64     id)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  self->id = id;
}

McDossierState
mc_dossier_get_state (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_DOSSIER_STATE_DRAFT);
  return self->state;
}

void
mc_dossier_set_state (McDossier      *self,
                      McDossierState  state)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_return_if_fail (state < MC_DOSSIER_N_STATES);
  self->state = state;
}

const char *
mc_dossier_get_procedure_code (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->procedure_code;
}

const char *
mc_dossier_get_procedure_name (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->procedure_name;
}

guint
mc_dossier_get_processing_days (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 0);
  return self->processing_days;
}

void
mc_dossier_set_procedure (McDossier  *self,
                          const char *code,
                          const char *name,
                          guint       processing_days)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  set_str (&self->procedure_code, code);
  set_str (&self->procedure_name, name);
  self->processing_days = processing_days;
}

McIdKind
mc_dossier_get_id_kind (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), MC_ID_KIND_CCCD);
  return self->id_kind;
}

const char *
mc_dossier_get_id_number (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->id_number;
}

void
mc_dossier_set_id (McDossier  *self,
                   McIdKind    kind,
                   const char *number)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  self->id_kind = kind;
  set_str (&self->id_number, number);
}

GDateTime *
mc_dossier_get_received_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->received_at;
}

void
mc_dossier_set_received_at (McDossier *self,
                            GDateTime *received_at)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_clear_pointer (&self->received_at, g_date_time_unref);
  if (received_at != NULL)
    self->received_at = g_date_time_ref (received_at);
}

guint
mc_dossier_get_sets (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), 1);
  return self->sets;
}

void
mc_dossier_set_sets (McDossier *self,
                     guint      sets)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  self->sets = sets;
}

GPtrArray *
mc_dossier_get_fees (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->fees;
}

void
mc_dossier_set_fees (McDossier *self,
                     GPtrArray *fees)
{
  g_return_if_fail (MC_IS_DOSSIER (self));

  g_ptr_array_set_size (self->fees, 0);
  for (guint i = 0; fees != NULL && i < fees->len; i++)
    g_ptr_array_add (self->fees, mc_fee_copy (g_ptr_array_index (fees, i)));
}

GPtrArray *
mc_dossier_get_papers (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->papers;
}

void
mc_dossier_add_paper (McDossier *self,
                      McPaper   *paper)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_ptr_array_add (self->papers, paper);
}

GPtrArray *
mc_dossier_get_attachments (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->attachments;
}

void
mc_dossier_add_attachment (McDossier    *self,
                           McAttachment *a)
{
  g_return_if_fail (MC_IS_DOSSIER (self));
  g_ptr_array_add (self->attachments, a);
}

char *
mc_dossier_format_received_at (McDossier *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);
  return self->received_at != NULL ? mc_core_format_time (self->received_at) : NULL;
}

char *
mc_dossier_build_search_text (McDossier *self)
{
  g_autofree char *joined = NULL;

  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  joined = g_strjoin (" ",
                      self->code ? self->code : "",
                      self->applicant_name ? self->applicant_name : "",
                      self->id_number ? self->id_number : "",
                      self->phone ? self->phone : "",
                      NULL);
  return mc_text_fold (joined);
}

JsonNode *
mc_dossier_to_summary_json (McDossier *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *received = mc_dossier_format_received_at (self);

  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "uuid", self->uuid);
  mc_json_add_string_or_null (b, "code", self->code);
  mc_json_add_string_or_null (b, "state", mc_dossier_state_to_string (self->state));
  mc_json_add_string_or_null (b, "procedure_code", self->procedure_code);
  mc_json_add_string_or_null (b, "procedure_name", self->procedure_name);
  mc_json_add_string_or_null (b, "applicant_name", self->applicant_name);
  mc_json_add_string_or_null (b, "id_kind", mc_id_kind_to_string (self->id_kind));
  mc_json_add_string_or_null (b, "id_number", self->id_number);
  mc_json_add_string_or_null (b, "received_at", received);
  mc_json_add_string_or_null (b, "due_date", self->due_date);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

JsonNode *
mc_dossier_to_json (McDossier *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *received = mc_dossier_format_received_at (self);

  g_return_val_if_fail (MC_IS_DOSSIER (self), NULL);

  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "uuid", self->uuid);
  mc_json_add_string_or_null (b, "code", self->code);
  mc_json_add_string_or_null (b, "state", mc_dossier_state_to_string (self->state));
  mc_json_add_string_or_null (b, "procedure_code", self->procedure_code);
  mc_json_add_string_or_null (b, "procedure_name", self->procedure_name);
  json_builder_set_member_name (b, "processing_days");
  json_builder_add_int_value (b, self->processing_days);

  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  mc_json_add_string_or_null (b, "full_name", self->applicant_name);
  mc_json_add_string_or_null (b, "id_kind", mc_id_kind_to_string (self->id_kind));
  mc_json_add_string_or_null (b, "id_number", self->id_number);
  mc_json_add_string_or_null (b, "date_of_birth", self->date_of_birth);
  mc_json_add_string_or_null (b, "phone", self->phone);
  mc_json_add_string_or_null (b, "address", self->address);
  mc_json_add_string_or_null (b, "email", self->email);
  json_builder_end_object (b);

  mc_json_add_string_or_null (b, "received_at", received);
  mc_json_add_string_or_null (b, "backdate_reason", self->backdate_reason);
  mc_json_add_string_or_null (b, "due_date", self->due_date);
  json_builder_set_member_name (b, "sets");
  json_builder_add_int_value (b, self->sets);

  json_builder_set_member_name (b, "papers");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (self->papers, i);

      json_builder_begin_object (b);
      mc_json_add_string_or_null (b, "name", p->name);
      mc_json_add_string_or_null (b, "form", mc_paper_form_to_string (p->form));
      json_builder_set_member_name (b, "copies");
      json_builder_add_int_value (b, p->copies);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  mc_json_add_string_or_null (b, "notes", self->notes);

  json_builder_set_member_name (b, "fees");
  json_builder_add_value (b, mc_fees_to_json (self->fees));

  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (self->attachments, i);

      json_builder_begin_object (b);
      mc_json_add_string_or_null (b, "name", a->name);
      mc_json_add_string_or_null (b, "sha256", a->sha256);
      json_builder_set_member_name (b, "size");
      json_builder_add_int_value (b, a->size);
      mc_json_add_string_or_null (b, "mime_type", a->mime_type);
      mc_json_add_string_or_null (b, "paper", a->paper);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* Local bookkeeping, not part of the upload body (mc-sync-body.c). */
  mc_json_add_string_or_null (b, "printed_due_date", self->printed_due_date != NULL ? self->printed_due_date : self->due_date);
  mc_json_add_string_or_null (b, "sync_state", self->has_sync_state ? mc_outbox_state_to_string (self->sync_state) : NULL);
  mc_json_add_string_or_null (b, "sync_error", self->sync_error);
  mc_json_add_string_or_null (b, "sync_error_field", self->sync_error_field);
  mc_json_add_string_or_null (b, "server_ref", self->server_ref);
  json_builder_set_member_name (b, "server_state_code");
  if (self->server_state_code > 0)
    json_builder_add_int_value (b, self->server_state_code);
  else
    json_builder_add_null_value (b);
  mc_json_add_string_or_null (b, "server_message", self->server_message);
  mc_json_add_string_or_null (b, "returned_at", self->returned_at);
  mc_json_add_string_or_null (b, "returned_to", self->returned_to);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* mc-dossier-row.c — one item of the dossier list, for binding */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mc-dossier-row-private.h"
#include "mc-json.h"
#include "mc-limits.h"
#include "mc-sync-text.h"

struct _McDossierRow
{
  GObject         parent_instance;

  char           *uuid;
  char           *code;
  char           *applicant_name;
  char           *id_number;
  char           *procedure_name;
  McDossierState  state;
  char           *received;
  char           *due_date;
  char           *due_text;
  gboolean        overdue;
  gboolean        loaded;
  char           *sync_label;      /* nullable: the pending upload's badge */
  const char     *sync_class;
  char           *server_label;    /* nullable: the server's state where it says more than ours */
};

G_DEFINE_FINAL_TYPE (McDossierRow, mc_dossier_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_CODE,
  PROP_APPLICANT_NAME,
  PROP_ID_NUMBER,
  PROP_PROCEDURE_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_STATE_CSS_CLASSES,
  PROP_RECEIVED,
  PROP_DUE_DATE,
  PROP_DUE_TEXT,
  PROP_DUE_CSS_CLASSES,
  PROP_OVERDUE,
  PROP_LOADED,
  PROP_SYNC_LABEL,
  PROP_SYNC_CSS_CLASSES,
  PROP_HAS_SYNC_BADGE,
  PROP_SERVER_LABEL,
  PROP_HAS_SERVER_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Sets *@field to @value and notifies @prop if it changed. */
static void
set_string (McDossierRow  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
mc_dossier_row_finalize (GObject *object)
{
  McDossierRow *self = (McDossierRow *) object;

  g_free (self->uuid);
  g_free (self->code);
  g_free (self->applicant_name);
  g_free (self->id_number);
  g_free (self->procedure_name);
  g_free (self->received);
  g_free (self->due_date);
  g_free (self->due_text);
  g_free (self->sync_label);
  g_free (self->server_label);

  G_OBJECT_CLASS (mc_dossier_row_parent_class)->finalize (object);
}

static GStrv
build_state_css_classes (McDossierRow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *color = self->loaded ? _mc_dossier_row_state_color_class (self->state) : NULL;

  g_strv_builder_add (builder, "state-pill");
  if (color != NULL)
    g_strv_builder_add (builder, color);
  return g_strv_builder_end (builder);
}

static GStrv
build_due_css_classes (McDossierRow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "caption");
  g_strv_builder_add (builder, self->overdue ? "warning" : "dim-label");
  return g_strv_builder_end (builder);
}

static GStrv
build_sync_css_classes (McDossierRow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_strv_builder_add (builder, "state-pill");
  g_strv_builder_add (builder, "sync-badge");
  if (self->sync_class != NULL)
    g_strv_builder_add (builder, self->sync_class);
  return g_strv_builder_end (builder);
}

static void
mc_dossier_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McDossierRow *self = MC_DOSSIER_ROW (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_APPLICANT_NAME:
      g_value_set_string (value, self->applicant_name);
      break;
    case PROP_ID_NUMBER:
      g_value_set_string (value, self->id_number);
      break;
    case PROP_PROCEDURE_NAME:
      g_value_set_string (value, self->procedure_name);
      break;
    case PROP_STATE:
      g_value_set_string (value, mc_dossier_row_get_state (self));
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, mc_dossier_row_get_state_label (self));
      break;
    case PROP_STATE_CSS_CLASSES:
      g_value_take_boxed (value, build_state_css_classes (self));
      break;
    case PROP_RECEIVED:
      g_value_set_string (value, self->received);
      break;
    case PROP_DUE_DATE:
      g_value_set_string (value, self->due_date);
      break;
    case PROP_DUE_TEXT:
      g_value_set_string (value, self->due_text);
      break;
    case PROP_DUE_CSS_CLASSES:
      g_value_take_boxed (value, build_due_css_classes (self));
      break;
    case PROP_OVERDUE:
      g_value_set_boolean (value, self->overdue);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_SYNC_LABEL:
      g_value_set_string (value, self->sync_label);
      break;
    case PROP_SYNC_CSS_CLASSES:
      g_value_take_boxed (value, build_sync_css_classes (self));
      break;
    case PROP_HAS_SYNC_BADGE:
      g_value_set_boolean (value, self->sync_label != NULL);
      break;
    case PROP_SERVER_LABEL:
      g_value_set_string (value, self->server_label);
      break;
    case PROP_HAS_SERVER_LABEL:
      g_value_set_boolean (value, self->server_label != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
mc_dossier_row_class_init (McDossierRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = mc_dossier_row_finalize;
  object_class->get_property = mc_dossier_row_get_property;

  properties[PROP_UUID] = string_property ("uuid");
  properties[PROP_CODE] = string_property ("code");
  properties[PROP_APPLICANT_NAME] = string_property ("applicant-name");
  properties[PROP_ID_NUMBER] = string_property ("id-number");
  properties[PROP_PROCEDURE_NAME] = string_property ("procedure-name");
  /* "received", "uploaded", … (NULL for a placeholder) */
  properties[PROP_STATE] = string_property ("state");
  properties[PROP_STATE_LABEL] = string_property ("state-label");
  /* For binding to GtkWidget:css-classes of the state pill. */
  properties[PROP_STATE_CSS_CLASSES] = g_param_spec_boxed ("state-css-classes", NULL, NULL, G_TYPE_STRV, flags);
  /* dd/mm/yyyy HH:MM in Vietnam time */
  properties[PROP_RECEIVED] = string_property ("received");
  /* dd/mm/yyyy */
  properties[PROP_DUE_DATE] = string_property ("due-date");
  /* "Due 24/11/2026" */
  properties[PROP_DUE_TEXT] = string_property ("due-text");
  properties[PROP_DUE_CSS_CLASSES] = g_param_spec_boxed ("due-css-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  /* The upload badge beside the state: "Waiting", "Uploading", "Retry",
   * "Needs attention", "Uploaded"; NULL when it would repeat the state. */
  properties[PROP_SYNC_LABEL] = string_property ("sync-label");
  properties[PROP_SYNC_CSS_CLASSES] = g_param_spec_boxed ("sync-css-classes", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_HAS_SYNC_BADGE] = g_param_spec_boolean ("has-sync-badge", NULL, NULL, FALSE, flags);
  /* The server's state where it says more than the local one ("Payment requested"). */
  properties[PROP_SERVER_LABEL] = string_property ("server-label");
  properties[PROP_HAS_SERVER_LABEL] = g_param_spec_boolean ("has-server-label", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mc_dossier_row_init (McDossierRow *self)
{
  self->state = MC_DOSSIER_STATE_RECEIVED;
}

McDossierRow *
mc_dossier_row_new_placeholder (void)
{
  return g_object_new (MC_TYPE_DOSSIER_ROW, NULL);
}

static gboolean
parse_iso_date (const char *iso_date,
                GDate      *out)
{
  unsigned int y, m, d;
  char tail;

  if (iso_date == NULL || sscanf (iso_date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static gboolean
state_is_finished (McDossierState state)
{
  return state == MC_DOSSIER_STATE_DONE ||
         state == MC_DOSSIER_STATE_RETURNED ||
         state == MC_DOSSIER_STATE_REJECTED ||
         state == MC_DOSSIER_STATE_WITHDRAWN ||
         state == MC_DOSSIER_STATE_STOPPED;
}

void
mc_dossier_row_set_dossier (McDossierRow *self,
                            McDossier    *dossier,
                            const GDate  *today)
{
  g_autofree char *received = NULL;
  g_autofree char *due_date = NULL;
  g_autofree char *due_text = NULL;
  const char *sync_label, *sync_class, *server_label;
  McDossierState state;
  GDate due, now;
  gboolean overdue;
  gboolean state_changed, overdue_changed;

  g_return_if_fail (MC_IS_DOSSIER_ROW (self));
  g_return_if_fail (MC_IS_DOSSIER (dossier));

  if (today == NULL)
    {
      mc_dossier_row_get_today (&now);
      today = &now;
    }

  state = mc_dossier_get_state (dossier);
  received = mc_dossier_row_format_time (mc_dossier_get_received_at (dossier));
  due_date = mc_dossier_row_format_date (mc_dossier_get_due_date (dossier));
  /* TRANSLATORS: the appointment date in the dossier list, e.g. "Due 24/11/2026" */
  due_text = due_date != NULL ? g_strdup_printf (_("Due %s"), due_date) : NULL;
  overdue = parse_iso_date (mc_dossier_get_due_date (dossier), &due) &&
            g_date_compare (&due, today) < 0 &&
            !state_is_finished (state);

  g_object_freeze_notify (G_OBJECT (self));

  set_string (self, &self->uuid, mc_dossier_get_uuid (dossier), PROP_UUID);
  set_string (self, &self->code, mc_dossier_get_code (dossier), PROP_CODE);
  set_string (self, &self->applicant_name, mc_dossier_get_applicant_name (dossier), PROP_APPLICANT_NAME);
  set_string (self, &self->id_number, mc_dossier_get_id_number (dossier), PROP_ID_NUMBER);
  set_string (self, &self->procedure_name, mc_dossier_get_procedure_name (dossier), PROP_PROCEDURE_NAME);
  set_string (self, &self->received, received, PROP_RECEIVED);
  set_string (self, &self->due_date, due_date, PROP_DUE_DATE);
  set_string (self, &self->due_text, due_text, PROP_DUE_TEXT);

  mc_dossier_row_sync_badge (dossier, &sync_label, &sync_class);
  if (g_strcmp0 (self->sync_label, sync_label) != 0 || g_strcmp0 (self->sync_class, sync_class) != 0)
    {
      gboolean had = self->sync_label != NULL;

      self->sync_class = sync_class;
      set_string (self, &self->sync_label, sync_label, PROP_SYNC_LABEL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_CSS_CLASSES]);
      if (had != (sync_label != NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SYNC_BADGE]);
    }
  server_label = mc_dossier_row_server_label (dossier);
  if (g_strcmp0 (self->server_label, server_label) != 0)
    {
      gboolean had = self->server_label != NULL;

      set_string (self, &self->server_label, server_label, PROP_SERVER_LABEL);
      if (had != (server_label != NULL))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SERVER_LABEL]);
    }

  state_changed = !self->loaded || self->state != state;
  overdue_changed = self->overdue != overdue;
  self->state = state;
  self->overdue = overdue;
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  if (state_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_CSS_CLASSES]);
    }
  if (overdue_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_CSS_CLASSES]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
mc_dossier_row_get_loaded (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), FALSE);
  return self->loaded;
}

const char *
mc_dossier_row_get_uuid (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->uuid;
}

const char *
mc_dossier_row_get_code (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->code;
}

const char *
mc_dossier_row_get_applicant_name (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->applicant_name;
}

const char *
mc_dossier_row_get_id_number (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->id_number;
}

const char *
mc_dossier_row_get_procedure_name (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->procedure_name;
}

const char *
mc_dossier_row_get_state (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->loaded ? mc_dossier_state_to_string (self->state) : NULL;
}

const char *
mc_dossier_row_get_state_label (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->loaded ? mc_dossier_row_state_label (self->state) : NULL;
}

const char *
mc_dossier_row_get_sync_label (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->sync_label;
}

const char *
mc_dossier_row_get_server_label (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->server_label;
}

const char *
mc_dossier_row_get_received (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->received;
}

const char *
mc_dossier_row_get_due_date (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), NULL);
  return self->due_date;
}

gboolean
mc_dossier_row_get_overdue (McDossierRow *self)
{
  g_return_val_if_fail (MC_IS_DOSSIER_ROW (self), FALSE);
  return self->overdue;
}

void
mc_dossier_row_get_today (GDate *out)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

char *
mc_dossier_row_format_date (const char *iso_date)
{
  GDate date;

  if (!parse_iso_date (iso_date, &date))
    return NULL;
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&date), g_date_get_month (&date),
                          g_date_get_year (&date));
}

char *
mc_dossier_row_format_time (GDateTime *time)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  tz = mc_core_vietnam_tz ();
  local = g_date_time_to_timezone (time, tz);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

/* Events in words */

static const char *
field_label (const char *field)
{
  static const struct { const char *key; const char *label; } fields[] = {
    { "applicant_name", N_("full name") },
    { "id_kind", N_("ID kind") },
    { "id_number", N_("ID number") },
    { "date_of_birth", N_("date of birth") },
    { "phone", N_("phone") },
    { "address", N_("address") },
    { "email", N_("email") },
    { "notes", N_("notes") },
    { "sets", N_("number of sets") },
    { "papers", N_("papers") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].key, field) == 0)
      return _(fields[i].label);
  return field;
}

static const char *
state_word (const char *state)
{
  McDossierState s;

  if (state != NULL && mc_dossier_state_from_string (state, &s))
    return mc_dossier_row_state_label (s);
  return state != NULL ? state : "";
}

/* The event's detail object (owned by *@root), or NULL. The one bounded
 * reader (mc_json_parse) here too: details hold a server's messages. */
static JsonObject *
parse_detail (const McEvent *event,
              JsonNode     **root)
{
  if (event->detail == NULL)
    return NULL;
  *root = mc_json_parse (event->detail, -1, MC_LIMIT_BODY_SIZE, NULL);
  return *root != NULL && JSON_NODE_HOLDS_OBJECT (*root) ? json_node_get_object (*root) : NULL;
}

static char *
describe_correction (JsonObject *detail)
{
  JsonObject *changes = NULL;
  const char *reason = NULL;
  g_autoptr(GString) fields = g_string_new (NULL);

  if (detail != NULL)
    {
      if (json_object_has_member (detail, "changes") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (detail, "changes")))
        changes = json_object_get_object_member (detail, "changes");
      reason = json_object_get_string_member_with_default (detail, "reason", NULL);
    }
  if (changes != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (changes);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *change = json_object_get_member (changes, l->data);
          const char *from = NULL, *to = NULL;

          if (fields->len > 0)
            /* TRANSLATORS: between the names of corrected fields */
            g_string_append (fields, _(", "));
          if (change != NULL && JSON_NODE_HOLDS_OBJECT (change))
            {
              from = json_object_get_string_member_with_default (json_node_get_object (change), "from", NULL);
              to = json_object_get_string_member_with_default (json_node_get_object (change), "to", NULL);
            }
          if (from != NULL || to != NULL)
            /* TRANSLATORS: a corrected field with its old and new values, e.g. "Phone: 0912… → 0987…" */
            g_string_append_printf (fields, _("%s: %s → %s"), field_label (l->data),
                                    from != NULL && *from != '\0' ? from : "—",
                                    to != NULL && *to != '\0' ? to : "—");
          else
            g_string_append (fields, field_label (l->data));
        }
    }

  if (reason != NULL && *reason == '\0')
    reason = NULL;
  if (fields->len == 0)
    /* TRANSLATORS: history entry of a correction, with the clerk's reason */
    return reason != NULL ? g_strdup_printf (_("Corrected — “%s”"), reason) : g_strdup (_("Corrected"));
  if (reason != NULL)
    /* TRANSLATORS: history entry: the fields changed, then the clerk's reason */
    return g_strdup_printf (_("Corrected: %s — “%s”"), fields->str, reason);
  /* TRANSLATORS: history entry: the fields changed */
  return g_strdup_printf (_("Corrected: %s"), fields->str);
}

/* The desk's decisions (mc_store_record_desk_action): kind "supplement",
 * "refuse", "new-date" or "stop", with the clerk's "reason". Whole
 * sentences, for the translators. */
static char *
describe_desk_action (const char *kind,
                      JsonObject *detail)
{
  const char *reason = NULL;
  g_autofree char *date = NULL;
  gboolean with_reason;

  if (detail != NULL)
    {
      reason = json_object_get_string_member_with_default (detail, "reason", NULL);
      date = mc_dossier_row_format_date (json_object_get_string_member_with_default (detail, "new_due_date", NULL));
    }
  with_reason = reason != NULL && *reason != '\0';

  if (g_strcmp0 (kind, "supplement") == 0)
    /* TRANSLATORS: history entry: the desk asked the citizen for more papers (Form 02), with the clerk's reason */
    return with_reason ? g_strdup_printf (_("Supplement requested — “%s”"), reason)
                       : g_strdup (_("Supplement requested"));
  if (g_strcmp0 (kind, "refuse") == 0)
    /* TRANSLATORS: history entry: the desk refused the dossier (Form 03), with the clerk's reason */
    return with_reason ? g_strdup_printf (_("Refused — “%s”"), reason) : g_strdup (_("Refused"));
  if (g_strcmp0 (kind, "new-date") == 0)
    {
      if (date != NULL && with_reason)
        /* TRANSLATORS: history entry: an apology and a new date for the result (Form 04), e.g.
         * "New appointment date 30/11/2026 — “Chờ xác minh”" */
        return g_strdup_printf (_("New appointment date %s — “%s”"), date, reason);
      if (date != NULL)
        return g_strdup_printf (_("New appointment date %s"), date);
      return with_reason ? g_strdup_printf (_("New appointment date — “%s”"), reason)
                         : g_strdup (_("New appointment date"));
    }
  /* TRANSLATORS: history entry: the processing of the dossier was stopped, with the clerk's reason */
  return with_reason ? g_strdup_printf (_("Processing stopped — “%s”"), reason) : g_strdup (_("Processing stopped"));
}

/* Who acted at the province: a name, or {name, title, unit}. */
static char *
describe_handler (JsonObject *detail)
{
  JsonNode *node = json_object_get_member (detail, "handler");
  JsonObject *handler;
  const char *name, *title;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  handler = json_node_get_object (node);
  name = json_object_get_string_member_with_default (handler, "name", NULL);
  title = json_object_get_string_member_with_default (handler, "title", NULL);
  if (name != NULL && title != NULL)
    /* TRANSLATORS: the official who handled the dossier at the province, e.g. "Nguyễn Văn Bình, Công chức Tư pháp" */
    return g_strdup_printf (_("%s, %s"), name, title);
  return g_strdup (name != NULL ? name : title);
}

/* A change pulled back from the province's server (protocol §7.8). */
static char *
describe_server_change (JsonObject *detail)
{
  const char *state = NULL;
  const char *message = NULL;
  g_autofree char *handler = NULL;
  g_autofree char *text = NULL;

  if (detail != NULL)
    {
      state = mc_sync_server_state_label ((int) json_object_get_int_member_with_default (detail, "state_code", 0));
      message = json_object_get_string_member_with_default (detail, "message", NULL);
      handler = describe_handler (detail);
    }
  if (message != NULL && *message == '\0')
    message = NULL;

  if (state != NULL && message != NULL)
    /* TRANSLATORS: history entry: the province's server changed the dossier's state, with its message */
    text = g_strdup_printf (_("Province: %s — “%s”"), state, message);
  else if (state != NULL)
    /* TRANSLATORS: history entry: the province's server changed the dossier's state */
    text = g_strdup_printf (_("Province: %s"), state);
  else if (message != NULL)
    /* TRANSLATORS: history entry: a note from the province's server */
    text = g_strdup_printf (_("Province: “%s”"), message);
  else
    text = g_strdup (_("Province: updated"));
  if (handler == NULL || *handler == '\0')
    return g_steal_pointer (&text);
  /* TRANSLATORS: a history entry from the province, then who handled it */
  return g_strdup_printf (_("%s (%s)"), text, handler);
}

/* Taken in without required papers (mc_store_note_incomplete). */
static char *
describe_incomplete (JsonObject *detail)
{
  JsonNode *node = detail != NULL ? json_object_get_member (detail, "missing") : NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_strdup (_("Taken in incomplete"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        continue;
      if (names->len > 0)
        /* TRANSLATORS: between the names of missing papers */
        g_string_append (names, _("; "));
      g_string_append (names, json_node_get_string (item));
    }
  if (names->len == 0)
    return g_strdup (_("Taken in incomplete"));
  /* TRANSLATORS: history entry: the dossier was taken in without these required papers */
  return g_strdup_printf (_("Taken in incomplete, without: %s"), names->str);
}

char *
mc_dossier_row_describe_event (const McEvent *event)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *detail;
  const char *message = NULL;

  g_return_val_if_fail (event != NULL, NULL);

  detail = parse_detail (event, &root);
  if (detail != NULL)
    message = json_object_get_string_member_with_default (detail, "message", NULL);

  if (g_strcmp0 (event->kind, "received") == 0)
    {
      if (detail != NULL && json_object_get_boolean_member_with_default (detail, "backdated", FALSE))
        return g_strdup (_("Received (entered later, with the earlier receipt time)"));
      return g_strdup (_("Received"));
    }
  if (g_strcmp0 (event->kind, "corrected") == 0)
    return describe_correction (detail);
  if (g_strcmp0 (event->kind, "state") == 0)
    {
      if (message != NULL && *message != '\0')
        /* TRANSLATORS: history entry: a change of state with the server's message */
        return g_strdup_printf (_("State: %s → %s — %s"), state_word (event->from_state),
                                state_word (event->to_state), message);
      /* TRANSLATORS: history entry: a change of state, e.g. "State: Received → Uploaded" */
      return g_strdup_printf (_("State: %s → %s"), state_word (event->from_state), state_word (event->to_state));
    }
  if (g_strcmp0 (event->kind, "attached") == 0)
    {
      JsonNode *name_node = detail != NULL ? json_object_get_member (detail, "name") : NULL;
      JsonNode *paper_node = detail != NULL ? json_object_get_member (detail, "paper") : NULL;
      const char *name = name_node != NULL && JSON_NODE_HOLDS_VALUE (name_node) ? json_node_get_string (name_node) : NULL;
      const char *paper = paper_node != NULL && JSON_NODE_HOLDS_VALUE (paper_node) ? json_node_get_string (paper_node) : NULL;

      if (name == NULL)
        name = "";

      if (paper != NULL && *paper != '\0')
        /* TRANSLATORS: history entry: a file attached as the copy of a paper */
        return g_strdup_printf (_("Attached “%s” for “%s”"), name, paper);
      /* TRANSLATORS: history entry: a file attached to the dossier */
      return g_strdup_printf (_("Attached “%s”"), name);
    }
  if (g_strcmp0 (event->kind, "server") == 0)
    return describe_server_change (detail);
  if (g_strcmp0 (event->kind, "incomplete") == 0)
    return describe_incomplete (detail);
  if (g_strcmp0 (event->kind, "return") == 0)
    /* TRANSLATORS: history entry: the result was handed over to the person named */
    return g_strdup_printf (_("Result handed over to %s"),
                            detail != NULL ? json_object_get_string_member_with_default (detail, "received_by", "—")
                                           : "—");
  if (g_strcmp0 (event->kind, "supplement") == 0 || g_strcmp0 (event->kind, "refuse") == 0 ||
      g_strcmp0 (event->kind, "new-date") == 0 || g_strcmp0 (event->kind, "stop") == 0)
    return describe_desk_action (event->kind, detail);
  return g_strdup (event->kind != NULL ? event->kind : "");
}

/* mc-store-actions.c — the desk's decisions: supplement, refusal, new date,
 * stop, and the hand-over of the result (trả kết quả) */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-store-private.h"
#include "mc-text.h"

#define MAX_REASON_CHARS 1000

static const char *action_names[] = {
  [MC_DESK_ACTION_SUPPLEMENT] = "supplement",
  [MC_DESK_ACTION_REFUSE] = "refuse",
  [MC_DESK_ACTION_NEW_DATE] = "new-date",
  [MC_DESK_ACTION_STOP] = "stop",
  [MC_DESK_ACTION_RETURN] = "return",
};

const char *
mc_desk_action_to_string (McDeskAction action)
{
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), NULL);
  return action_names[action];
}

gboolean
mc_desk_action_from_string (const char   *str,
                            McDeskAction *out)
{
  int i = mc_text_index_of ((const char * const *) action_names, G_N_ELEMENTS (action_names), str);

  if (i >= 0)
    *out = (McDeskAction) i;
  return i >= 0;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, message);
  return FALSE;
}

/* The history row's detail: what the forms print. */
static char *
build_detail (McDeskAction  action,
              const char   *reason,
              const char   *old_due,
              const char   *new_due,
              const char   *received_by)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, mc_desk_action_to_string (action));
  if (reason != NULL)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  if (received_by != NULL)
    {
      json_builder_set_member_name (b, "received_by");
      json_builder_add_string_value (b, received_by);
    }
  if (action == MC_DESK_ACTION_NEW_DATE)
    {
      json_builder_set_member_name (b, "old_due_date");
      json_builder_add_string_value (b, old_due);
      json_builder_set_member_name (b, "new_due_date");
      json_builder_add_string_value (b, new_due);
    }
  if (action == MC_DESK_ACTION_STOP)
    {
      json_builder_set_member_name (b, "stop");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The protocol §7.6 body, queued with the action (the same facts the
 * history row records, taken at the same moment). */
static char *
build_action_body (McDeskAction  action,
                   const char   *at,
                   const char   *actor,
                   const char   *reason,
                   const char   *new_due,
                   const char   *received_by)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, mc_desk_action_to_string (action));
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, actor);
  if (reason != NULL)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, reason);
    }
  if (received_by != NULL)
    {
      json_builder_set_member_name (b, "received_by");
      json_builder_add_string_value (b, received_by);
    }
  if (action == MC_DESK_ACTION_NEW_DATE)
    {
      json_builder_set_member_name (b, "new_due_date");
      json_builder_add_string_value (b, new_due);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
check_arguments (McDeskAction   action,
                 const char    *reason,
                 const char    *new_due_date,
                 GError       **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  GDate date;

  if (*trimmed == '\0' && action == MC_DESK_ACTION_RETURN)
    return TRUE;
  if (*trimmed == '\0')
    return invalid (error, _("Reason: it is required; it is printed on the form for the citizen"));
  if (g_utf8_strlen (trimmed, -1) > MAX_REASON_CHARS)
    return invalid (error, _("Reason: it is too long; shorten it"));
  if (action == MC_DESK_ACTION_NEW_DATE &&
      !mc_validate_date (_("New appointment date"), new_due_date, &date, error))
    return FALSE;
  return TRUE;
}

/* Why @action cannot be taken on @d now, or NULL. A hand-over needs a
 * result: only a dossier the province finished (done, status 9) is
 * handed over; the other decisions only while it is still moving. */
static char *
refusal (McDossier    *d,
         McDeskAction  action)
{
  McDossierState state = mc_dossier_get_state (d);

  if (action == MC_DESK_ACTION_RETURN && state == MC_DOSSIER_STATE_RETURNED)
    {
      const char *at = mc_dossier_get_returned_at (d);
      g_autofree char *when = at != NULL && strlen (at) >= 10 ? g_strdup_printf ("%.2s/%.2s/%.4s", at + 8, at + 5, at)
                                                               : NULL;

      if (when != NULL && mc_dossier_get_returned_to (d) != NULL)
        return g_strdup_printf (_("Dossier %s: the result was already handed over, to %s on %s"),
                                mc_dossier_get_code (d), mc_dossier_get_returned_to (d), when);
      return g_strdup_printf (_("Dossier %s: the result was already handed over"), mc_dossier_get_code (d));
    }
  if (action == MC_DESK_ACTION_RETURN)
    return state == MC_DOSSIER_STATE_DONE ? NULL
         : g_strdup_printf (_("Dossier %s is “%s”: a result can be handed over only once the province has "
                              "finished the dossier (“%s”)"),
                            mc_dossier_get_code (d), mc_dossier_state_get_label (state),
                            mc_dossier_state_get_label (MC_DOSSIER_STATE_DONE));
  if (state == MC_DOSSIER_STATE_DONE || state == MC_DOSSIER_STATE_RETURNED ||
      state == MC_DOSSIER_STATE_REJECTED || state == MC_DOSSIER_STATE_WITHDRAWN ||
      state == MC_DOSSIER_STATE_DRAFT)
    return g_strdup_printf (_("Dossier %s is “%s”: nothing more can be decided about it"),
                            mc_dossier_get_code (d), mc_dossier_state_get_label (state));
  return NULL;
}

gboolean
mc_desk_action_check (McDeskAction   action,
                      McDossier     *dossier,
                      GError       **error)
{
  g_autofree char *why = NULL;

  g_return_val_if_fail (MC_IS_DOSSIER (dossier), FALSE);
  g_return_val_if_fail (action < G_N_ELEMENTS (action_names), FALSE);

  why = refusal (dossier, action);
  if (why == NULL)
    return TRUE;
  g_set_error_literal (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, why);
  return FALSE;
}

static const char *
next_state (McDeskAction  action,
            const char   *from)
{
  switch (action)
    {
    case MC_DESK_ACTION_SUPPLEMENT: return "supplement_requested";
    case MC_DESK_ACTION_REFUSE: return "rejected";
    case MC_DESK_ACTION_STOP: return "stopped";
    case MC_DESK_ACTION_RETURN: return "returned";
    case MC_DESK_ACTION_NEW_DATE:
    default: return from;
    }
}

static gboolean
record_action (McStore       *self,
               const char    *uuid_or_code,
               McDeskAction   action,
               const char    *reason,
               const char    *new_due_date,
               const char    *received_by,
               const char    *actor,
               GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *body = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *now = mc_store_now_string ();
  const char *from, *to;
  gboolean returning = action == MC_DESK_ACTION_RETURN;
  sqlite3_stmt *stmt;

  if (!check_arguments (action, reason, new_due_date, error))
    return FALSE;
  trimmed = mc_text_normalize (reason);
  if (*trimmed == '\0')
    g_clear_pointer (&trimmed, g_free);

  locker = g_rec_mutex_locker_new (&self->lock);
  if (!mc_store_begin (self, error))
    return FALSE;
  d = mc_store_load_dossier (self, uuid_or_code, error);
  if (d == NULL)
    goto fail;

  if (!mc_desk_action_check (action, d, error))
    goto fail;
  if (action == MC_DESK_ACTION_NEW_DATE && g_strcmp0 (new_due_date, mc_dossier_get_due_date (d)) <= 0)
    {
      g_autofree char *current = mc_text_format_iso_date (mc_dossier_get_due_date (d));

      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("New appointment date: it must be after the current one (%s)"), current);
      goto fail;
    }

  from = mc_dossier_state_to_string (mc_dossier_get_state (d));
  to = next_state (action, from);
  detail = build_detail (action, trimmed, mc_dossier_get_due_date (d), new_due_date, received_by);
  if (actor == NULL)
    actor = mc_core_get_actor ();
  body = build_action_body (action, now, actor, trimmed, new_due_date, received_by);

  stmt = mc_store_prepare (self,
                           "UPDATE dossiers SET state = ?1, due_date = coalesce (?2, due_date), updated_at = ?3, "
                           "  returned_at = coalesce (?5, returned_at), returned_to = coalesce (?6, returned_to) "
                           "WHERE id = ?4",
                           error);
  if (stmt == NULL)
    goto fail;
  mc_store_bind_text (stmt, 1, to);
  mc_store_bind_text (stmt, 2, action == MC_DESK_ACTION_NEW_DATE ? new_due_date : NULL);
  mc_store_bind_text (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, mc_dossier_get_row_id (d));
  mc_store_bind_text (stmt, 5, returning ? now : NULL);
  mc_store_bind_text (stmt, 6, returning ? received_by : NULL);
  if (!mc_store_step_done (self, stmt, _("Saving the decision"), error) ||
      !mc_store_append_event (self, mc_dossier_get_row_id (d), actor, mc_desk_action_to_string (action),
                              from, to, detail, error) ||
      !mc_store_outbox_queue_action (self, mc_dossier_get_row_id (d), body, NULL, error) ||
      !mc_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  mc_store_rollback (self);
  return FALSE;
}

gboolean
mc_store_record_desk_action (McStore       *self,
                             const char    *uuid_or_code,
                             McDeskAction   action,
                             const char    *reason,
                             const char    *new_due_date,
                             const char    *actor,
                             GError       **error)
{
  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  if (action == MC_DESK_ACTION_RETURN)
    return invalid (error, _("A hand-over needs the name of the person who received the result"));
  return record_action (self, uuid_or_code, action, reason, new_due_date, NULL, actor, error);
}

gboolean
mc_store_record_return (McStore     *self,
                        const char  *uuid_or_code,
                        const char  *received_by,
                        const char  *note,
                        const char  *actor,
                        GError     **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  if (!mc_validate_full_name (received_by, error))
    {
      g_prefix_error (error, _("Who received the result — "));
      return FALSE;
    }
  name = mc_text_normalize (received_by);
  return record_action (self, uuid_or_code, MC_DESK_ACTION_RETURN, note, NULL, name, actor, error);
}

gboolean
mc_store_note_incomplete (McStore            *self,
                          const char         *uuid_or_code,
                          const char * const *missing,
                          const char         *actor,
                          GError            **error)
{
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (missing != NULL && missing[0] != NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint i = 0; missing[i] != NULL; i++)
    json_builder_add_string_value (builder, missing[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  detail = json_to_string (root, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  d = mc_store_load_dossier (self, uuid_or_code, error);
  if (d == NULL)
    return FALSE;
  return mc_store_append_event (self, mc_dossier_get_row_id (d), actor != NULL ? actor : mc_core_get_actor (),
                                "incomplete", NULL, NULL, detail, error);
}

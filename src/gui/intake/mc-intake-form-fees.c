/* mc-intake-form-fees.c — the fees section of the intake form (no widget) */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-intake-form-fees.h"
#include "mc-intake-form-private.h"

void
_mc_intake_form_fee_free (McFormFee *fee)
{
  if (fee == NULL)
    return;
  g_free (fee->name);
  g_free (fee->note);
  g_free (fee->amount);
  g_free (fee->reason);
  g_free (fee);
}

static void
emit_changed (McIntakeForm *self)
{
  g_signal_emit_by_name (self, "changed", (int) MC_FORM_FIELD_PAPERS);
}

void
_mc_intake_form_reset_fees (McIntakeForm *self,
                            McProcedure  *procedure)
{
  GPtrArray *listed = procedure != NULL ? mc_procedure_get_fees (procedure) : NULL;

  g_ptr_array_set_size (self->fees, 0);
  for (guint i = 0; listed != NULL && i < listed->len; i++)
    {
      const McProcedureFee *pf = g_ptr_array_index (listed, i);
      McFormFee *fee = g_new0 (McFormFee, 1);

      fee->name = g_strdup (pf->name);
      fee->note = pf->note != NULL && pf->exemption != NULL ? g_strdup_printf ("%s · %s", pf->note, pf->exemption)
                                                            : g_strdup (pf->note != NULL ? pf->note : pf->exemption);
      fee->amount = pf->amount >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, pf->amount) : g_strdup ("");
      fee->reason = g_strdup ("");
      g_ptr_array_add (self->fees, fee);
    }
}

guint
mc_intake_form_get_n_fees (McIntakeForm *self)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), 0);
  return self->fees->len;
}

const McFormFee *
mc_intake_form_get_fee (McIntakeForm *self,
                        guint         index)
{
  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  g_return_val_if_fail (index < self->fees->len, NULL);
  return g_ptr_array_index (self->fees, index);
}

static void
set_text (McIntakeForm  *self,
          char         **slot,
          const char    *text)
{
  if (g_strcmp0 (*slot, text != NULL ? text : "") == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (text != NULL ? text : "");
  emit_changed (self);
}

void
mc_intake_form_set_fee_amount (McIntakeForm *self,
                               guint         index,
                               const char   *amount)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self) && index < self->fees->len);
  set_text (self, &((McFormFee *) g_ptr_array_index (self->fees, index))->amount, amount);
}

void
mc_intake_form_set_fee_reason (McIntakeForm *self,
                               guint         index,
                               const char   *reason)
{
  g_return_if_fail (MC_IS_INTAKE_FORM (self) && index < self->fees->len);
  set_text (self, &((McFormFee *) g_ptr_array_index (self->fees, index))->reason, reason);
}

void
mc_intake_form_set_fee_exempt (McIntakeForm *self,
                               guint         index,
                               gboolean      exempt)
{
  McFormFee *fee;

  g_return_if_fail (MC_IS_INTAKE_FORM (self) && index < self->fees->len);
  fee = g_ptr_array_index (self->fees, index);
  if (fee->exempt == !!exempt)
    return;
  fee->exempt = !!exempt;
  emit_changed (self);
}

/* "50000", "50.000", "50 000" or "50.000 đồng" as whole đồng; -1 when it
 * is not a number, -2 when it is empty. */
static gint64
parse_amount (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gint64 value = 0;

  if (g_str_has_suffix (copy, "đồng"))
    copy[strlen (copy) - strlen ("đồng")] = '\0';
  for (const char *p = copy; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '.' && *p != ' ')
        return -1;
    }
  if (digits->len == 0)
    return *g_strstrip (copy) == '\0' ? -2 : -1;
  if (digits->len > 12 || !g_ascii_string_to_signed (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return value;
}

static GPtrArray *
build (McIntakeForm  *self,
       char         **message)
{
  g_autoptr(GPtrArray) fees = mc_fees_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->fees->len; i++)
    {
      const McFormFee *line = g_ptr_array_index (self->fees, i);
      g_autofree char *reason = g_strstrip (g_strdup (line->reason));
      gint64 amount = parse_amount (line->amount);

      if (line->exempt)
        {
          if (*reason == '\0')
            {
              *message = g_strdup_printf (_("Fees: say why “%s” is exempt (who is exempt and under which rule)"),
                                          line->name);
              return NULL;
            }
          g_ptr_array_add (fees, mc_fee_new (line->name, 0, TRUE, reason));
          continue;
        }
      if (amount == -2)
        continue;   /* not collected */
      if (amount < 0 || amount > MC_LIMIT_FEE_AMOUNT)
        {
          *message = g_strdup_printf (_("Fees: write the amount of “%s” in đồng, such as 50000"), line->name);
          return NULL;
        }
      g_ptr_array_add (fees, mc_fee_new (line->name, amount, FALSE, NULL));
    }
  if (!mc_fees_validate (fees, &error))
    {
      *message = g_strdup_printf (_("Fees: %s"), error->message);
      return NULL;
    }
  return g_steal_pointer (&fees);
}

char *
mc_intake_form_check_fees (McIntakeForm *self)
{
  g_autoptr(GPtrArray) fees = NULL;
  char *message = NULL;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  fees = build (self, &message);
  return message;
}

/* ---- the draft -------------------------------------------------------- */

void
_mc_intake_form_fees_to_json (McIntakeForm *self,
                              JsonBuilder  *b)
{
  json_builder_set_member_name (b, "fees");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->fees->len; i++)
    {
      const McFormFee *fee = g_ptr_array_index (self->fees, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, fee->name);
      if (fee->note != NULL)
        {
          json_builder_set_member_name (b, "note");
          json_builder_add_string_value (b, fee->note);
        }
      json_builder_set_member_name (b, "amount");
      json_builder_add_string_value (b, fee->amount);
      json_builder_set_member_name (b, "exempt");
      json_builder_add_boolean_value (b, fee->exempt);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, fee->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static const char *
member_string (JsonObject *obj,
               const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

void
_mc_intake_form_fees_from_json (McIntakeForm *self,
                                JsonObject   *root)
{
  JsonNode *node = json_object_get_member (root, "fees");
  JsonArray *array;

  /* A draft from before fees were kept: the lines stay as the procedure
   * left them (none), and the clerk picks the procedure again. */
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  g_ptr_array_set_size (self->fees, 0);
  for (guint i = 0; i < json_array_get_length (array) && self->fees->len < MC_LIMIT_FEES; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonNode *exempt;
      McFormFee *fee;
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      obj = json_node_get_object (item);
      if (member_string (obj, "name") == NULL || *member_string (obj, "name") == '\0')
        continue;
      exempt = json_object_get_member (obj, "exempt");
      fee = g_new0 (McFormFee, 1);
      fee->name = g_strdup (member_string (obj, "name"));
      fee->note = g_strdup (member_string (obj, "note"));
      fee->amount = g_strdup (member_string (obj, "amount") != NULL ? member_string (obj, "amount") : "");
      fee->exempt = exempt != NULL && JSON_NODE_HOLDS_VALUE (exempt) &&
                    json_node_get_value_type (exempt) == G_TYPE_BOOLEAN && json_node_get_boolean (exempt);
      fee->reason = g_strdup (member_string (obj, "reason") != NULL ? member_string (obj, "reason") : "");
      g_ptr_array_add (self->fees, fee);
    }
}

GPtrArray *
mc_intake_form_build_fees (McIntakeForm *self)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (MC_IS_INTAKE_FORM (self), NULL);
  return build (self, &message);
}

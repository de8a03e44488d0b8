/* mc-catalog-fees.c — a procedure's fees in the catalog
 *
 * Format 1 catalogs first had one `fee` (integer or null) and `fee_note` per
 * procedure; they now list `fees`. Both are read, so a catalog exported by an
 * older desk or served by an older server still loads: the older form is one
 * entry named "Lệ phí". A procedure has one form or the other, never both. */
#define G_LOG_DOMAIN "motcua-catalog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-catalog-private.h"
#include "mc-limits.h"

enum { FEE_NAME, FEE_AMOUNT, FEE_NOTE, FEE_EXEMPTION, FEE_N };

static const Member fee_members[FEE_N] = {
  [FEE_NAME] = { "name", TEXT, REQUIRED },
  [FEE_AMOUNT] = { "amount", NUMBER, NULLABLE },
  [FEE_NOTE] = { "note", TEXT, OPTIONAL },
  [FEE_EXEMPTION] = { "exemption", TEXT, OPTIONAL },
};

void
mc_procedure_fee_free (McProcedureFee *fee)
{
  if (fee == NULL)
    return;
  g_free (fee->name);
  g_free (fee->note);
  g_free (fee->exemption);
  g_free (fee);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProcedureFee, mc_procedure_fee_free)

/* An amount known (0 or more, within the cap) or -1, which then needs a note
 * saying who sets it. */
static gboolean
check_amount (McProcedureFee *fee,
              JsonNode       *amount,
              const char     *member,
              const char     *note_member,
              const Where    *where,
              GError        **error)
{
  fee->amount = amount != NULL ? json_node_get_int (amount) : -1;
  if (amount != NULL && (fee->amount < 0 || fee->amount > MC_LIMIT_FEE_AMOUNT))
    return mc_catalog_set_invalid (error, where, _("“%s” must be whole đồng from 0 to %lld"),
                                   member, (long long) MC_LIMIT_FEE_AMOUNT);
  if (fee->amount < 0 && fee->note == NULL)
    return mc_catalog_set_invalid (error, where,
                                   _("“%s” is required when “%s” is null: say who sets the fee"),
                                   note_member, member);
  return TRUE;
}

static McProcedureFee *
fee_from_json (JsonNode    *node,
               const Where *where,
               GError     **error)
{
  g_autoptr(McProcedureFee) fee = g_new0 (McProcedureFee, 1);
  JsonNode *m[FEE_N];

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return mc_catalog_set_invalid (error, where, _("the entry must be a JSON object")), NULL;
  if (!mc_catalog_read_members (json_node_get_object (node), fee_members, FEE_N, where, m, error))
    return NULL;

  fee->name = mc_catalog_dup_text (m[FEE_NAME]);
  fee->note = mc_catalog_dup_text (m[FEE_NOTE]);
  fee->exemption = mc_catalog_dup_text (m[FEE_EXEMPTION]);
  if (g_utf8_strlen (fee->name, -1) > MC_LIMIT_FEE_NAME_CHARS)
    return mc_catalog_set_invalid (error, where, _("“%s” must be at most %d characters"),
                                   "name", MC_LIMIT_FEE_NAME_CHARS), NULL;
  if (!check_amount (fee, m[FEE_AMOUNT], "amount", "note", where, error))
    return NULL;
  return g_steal_pointer (&fee);
}

GPtrArray *
mc_catalog_read_fees (JsonNode    *fees_node,
                      gboolean     has_fee,
                      JsonNode    *fee_node,
                      JsonNode    *note_node,
                      const Where *where,
                      GError     **error)
{
  g_autoptr(GPtrArray) fees = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_procedure_fee_free);
  JsonArray *array;

  if (fees_node != NULL && (has_fee || note_node != NULL))
    return mc_catalog_set_invalid (error, where, _("give either “fees” or the older “fee” and “fee_note”, not both")),
           NULL;

  if (fees_node == NULL)
    {
      g_autoptr(McProcedureFee) fee = g_new0 (McProcedureFee, 1);

      if (!has_fee)
        return mc_catalog_set_invalid (error, where, _("“%s” is required; write [] if the procedure is free"),
                                       "fees"), NULL;
      /* Translators: the name given to a procedure's fee in a catalog of the older form */
      fee->name = g_strdup (_("Fee"));
      fee->note = mc_catalog_dup_text (note_node);
      if (!check_amount (fee, fee_node, "fee", "fee_note", where, error))
        return NULL;
      g_ptr_array_add (fees, g_steal_pointer (&fee));
      return g_steal_pointer (&fees);
    }

  array = json_node_get_array (fees_node);
  if (json_array_get_length (array) > MC_LIMIT_FEES)
    return mc_catalog_set_invalid (error, where, _("“%s” may list at most %d fees"), "fees", MC_LIMIT_FEES), NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Where at = *where;
      McProcedureFee *fee;

      at.fee = i + 1;
      fee = fee_from_json (json_array_get_element (array, i), &at, error);
      if (fee == NULL)
        return NULL;
      g_ptr_array_add (fees, fee);
    }
  return g_steal_pointer (&fees);
}

JsonNode *
mc_procedure_fees_to_json (GPtrArray *fees)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < fees->len; i++)
    {
      const McProcedureFee *fee = g_ptr_array_index (fees, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "name", fee->name);
      if (fee->amount >= 0)
        json_object_set_int_member (object, "amount", fee->amount);
      else
        json_object_set_null_member (object, "amount");
      mc_catalog_set_nullable_string (object, "note", fee->note);
      mc_catalog_set_nullable_string (object, "exemption", fee->exemption);
      json_array_add_object_element (array, object);
    }
  json_node_take_array (node, array);
  return node;
}

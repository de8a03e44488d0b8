/* mc-fees.c — fees (lệ phí, phí) collected with a dossier */
#define G_LOG_DOMAIN "motcua-fees"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-fees.h"
#include "mc-limits.h"
#include "mc-text.h"

G_DEFINE_QUARK (mc-fees-error-quark, mc_fees_error)

McFee *
mc_fee_new (const char *name,
            gint64      amount,
            gboolean    exempt,
            const char *reason)
{
  McFee *fee = g_new0 (McFee, 1);

  fee->name = g_strdup (name);
  fee->amount = amount;
  fee->exempt = exempt;
  fee->reason = g_strdup (reason);
  return fee;
}

McFee *
mc_fee_copy (const McFee *fee)
{
  return mc_fee_new (fee->name, fee->amount, fee->exempt, fee->reason);
}

void
mc_fee_free (McFee *fee)
{
  if (fee == NULL)
    return;
  g_free (fee->name);
  g_free (fee->reason);
  g_free (fee);
}

GPtrArray *
mc_fees_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) mc_fee_free);
}

static G_GNUC_PRINTF (3, 4) gboolean
set_invalid (GError    **error,
             const char *path,
             const char *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MC_FEES_ERROR, MC_FEES_ERROR_INVALID, "%s: %s", path, what);
  return FALSE;
}

gboolean
mc_fees_add (gint64  total,
             gint64  amount,
             gint64 *out)
{
  /* Both are bounded first, so the sum itself cannot overflow. */
  if (total < 0 || amount < 0 || total > MC_LIMIT_FEES_TOTAL || amount > MC_LIMIT_FEES_TOTAL - total)
    return FALSE;
  *out = total + amount;
  return TRUE;
}

gboolean
mc_fees_total (GPtrArray *fees,
               gint64    *out,
               GError   **error)
{
  gint64 total = 0;

  for (guint i = 0; fees != NULL && i < fees->len; i++)
    {
      const McFee *fee = g_ptr_array_index (fees, i);

      if (!fee->exempt && !mc_fees_add (total, fee->amount, &total))
        {
          g_autofree char *cap = mc_fees_format_amount (MC_LIMIT_FEES_TOTAL);

          return set_invalid (error, "fees", _("the total is more than %s; check the amounts"), cap);
        }
    }
  *out = total;
  return TRUE;
}

char *
mc_fees_format_amount (gint64 amount)
{
  char digits[32];
  GString *out = g_string_new (NULL);
  gsize len;

  /* Whole đồng; a negative amount is never valid but must still print. */
  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT,
              amount < 0 ? (guint64) -(amount + 1) + 1 : (guint64) amount);
  len = strlen (digits);
  if (amount < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  /* Translators: an amount of money; %s is the number with its thousands
   * separated by "." as Vietnamese writes it, "50.000" */
  {
    g_autofree char *number = g_string_free (out, FALSE);
    return g_strdup_printf (_("%s đồng"), number);
  }
}

char *
mc_fee_format (const McFee *fee)
{
  if (fee->exempt)
    /* Translators: an exempt fee (miễn lệ phí), in place of its amount */
    return g_strdup (_("Exempt"));
  return mc_fees_format_amount (fee->amount);
}

char *
mc_fees_format_list (GPtrArray *fees)
{
  GString *out;

  if (fees == NULL || fees->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < fees->len; i++)
    {
      const McFee *fee = g_ptr_array_index (fees, i);
      g_autofree char *value = mc_fee_format (fee);

      g_string_append_printf (out, "%s%s: %s", i > 0 ? "; " : "", fee->name, value);
    }
  return g_string_free (out, FALSE);
}

char *
mc_fees_format_total (GPtrArray *fees)
{
  gint64 total = 0;

  if (fees == NULL || fees->len == 0)
    return NULL;
  for (guint i = 0; i < fees->len; i++)
    if (!((McFee *) g_ptr_array_index (fees, i))->exempt)
      break;
    else if (i + 1 == fees->len)
      return g_strdup (_("Exempt"));
  if (!mc_fees_total (fees, &total, NULL))
    return g_strdup ("?");
  return mc_fees_format_amount (total);
}

static glong
nfc_length (const char *text)
{
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);

  return nfc != NULL ? g_utf8_strlen (nfc, -1) : G_MAXLONG;
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[strspn (text, " \t\r\n")] == '\0';
}

static gboolean
validate_one (const McFee *fee,
              guint        i,
              GError     **error)
{
  g_autofree char *path = NULL;

  if (is_blank (fee->name))
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].name", i)),
                        _("the fee needs a name, such as “Lệ phí chứng thực”"));
  if (!g_utf8_validate (fee->name, -1, NULL) || nfc_length (fee->name) > MC_LIMIT_FEE_NAME_CHARS)
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].name", i)),
                        _("it is too long (at most %d characters); shorten it"), MC_LIMIT_FEE_NAME_CHARS);
  if (fee->amount < 0 || fee->amount > MC_LIMIT_FEE_AMOUNT)
    {
      g_autofree char *cap = mc_fees_format_amount (MC_LIMIT_FEE_AMOUNT);

      return set_invalid (error, (path = g_strdup_printf ("fees[%u].amount", i)),
                          _("the amount must be whole đồng from 0 to %s"), cap);
    }
  if (fee->exempt && fee->amount != 0)
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].amount", i)),
                        _("an exempt fee collects nothing: write 0 or remove the exemption"));
  if (fee->exempt && is_blank (fee->reason))
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].reason", i)),
                        _("say why the fee is exempt (who is exempt and under which rule)"));
  if (!fee->exempt && fee->reason != NULL)
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].reason", i)),
                        _("a reason is only for an exempt fee"));
  if (fee->reason != NULL &&
      (!g_utf8_validate (fee->reason, -1, NULL) || nfc_length (fee->reason) > MC_LIMIT_REASON_CHARS))
    return set_invalid (error, (path = g_strdup_printf ("fees[%u].reason", i)),
                        _("it is too long (at most %d characters); shorten it"), MC_LIMIT_REASON_CHARS);
  return TRUE;
}

gboolean
mc_fees_validate (GPtrArray *fees,
                  GError   **error)
{
  gint64 total;

  g_return_val_if_fail (fees != NULL, FALSE);

  if (fees->len > MC_LIMIT_FEES)
    return set_invalid (error, "fees", _("at most %d fees"), MC_LIMIT_FEES);
  for (guint i = 0; i < fees->len; i++)
    if (!validate_one (g_ptr_array_index (fees, i), i, error))
      return FALSE;
  return mc_fees_total (fees, &total, error);
}

/* One entry of a `fees` array: only the four members, each of its type. */
static McFee *
fee_from_json (JsonNode *node,
               guint     i,
               GError  **error)
{
  static const char * const known[] = { "name", "amount", "exempt", "reason" };
  g_autofree char *path = g_strdup_printf ("fees[%u]", i);
  g_autoptr(GList) names = NULL;
  JsonObject *obj;
  JsonNode *name, *amount, *exempt, *reason;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_invalid (error, path, _("each fee must be an object {\"name\", \"amount\"}")), NULL;
  obj = json_node_get_object (node);
  names = json_object_get_members (obj);
  for (GList *l = names; l != NULL; l = l->next)
    if (mc_text_index_of (known, G_N_ELEMENTS (known), l->data) < 0)
      return set_invalid (error, path, _("unknown member “%s”"), (const char *) l->data), NULL;

  name = json_object_get_member (obj, "name");
  amount = json_object_get_member (obj, "amount");
  exempt = json_object_get_member (obj, "exempt");
  reason = json_object_get_member (obj, "reason");
  if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) || json_node_get_value_type (name) != G_TYPE_STRING)
    return set_invalid (error, path, _("“%s” is required and must be text"), "name"), NULL;
  if (amount == NULL || !JSON_NODE_HOLDS_VALUE (amount) || json_node_get_value_type (amount) != G_TYPE_INT64)
    return set_invalid (error, path, _("“%s” is required and must be whole đồng, such as 50000"), "amount"), NULL;
  if (exempt != NULL && !JSON_NODE_HOLDS_NULL (exempt) &&
      (!JSON_NODE_HOLDS_VALUE (exempt) || json_node_get_value_type (exempt) != G_TYPE_BOOLEAN))
    return set_invalid (error, path, _("“%s” must be true or false"), "exempt"), NULL;
  if (reason != NULL && !JSON_NODE_HOLDS_NULL (reason) &&
      (!JSON_NODE_HOLDS_VALUE (reason) || json_node_get_value_type (reason) != G_TYPE_STRING))
    return set_invalid (error, path, _("“%s” must be text"), "reason"), NULL;

  return mc_fee_new (json_node_get_string (name), json_node_get_int (amount),
                     exempt != NULL && !JSON_NODE_HOLDS_NULL (exempt) && json_node_get_boolean (exempt),
                     reason != NULL && !JSON_NODE_HOLDS_NULL (reason) ? json_node_get_string (reason) : NULL);
}

GPtrArray *
mc_fees_from_json (JsonNode *node,
                   GError  **error)
{
  g_autoptr(GPtrArray) fees = mc_fees_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return set_invalid (error, "fees", _("must be a list of {\"name\", \"amount\"}")), NULL;
  array = json_node_get_array (node);
  /* Counted before anything is read: a hostile array is refused whole. */
  if (json_array_get_length (array) > MC_LIMIT_FEES)
    return set_invalid (error, "fees", _("at most %d fees"), MC_LIMIT_FEES), NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      McFee *fee = fee_from_json (json_array_get_element (array, i), i, error);

      if (fee == NULL)
        return NULL;
      g_ptr_array_add (fees, fee);
    }
  if (!mc_fees_validate (fees, error))
    return NULL;
  return g_steal_pointer (&fees);
}

JsonNode *
mc_fees_to_json (GPtrArray *fees)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; fees != NULL && i < fees->len; i++)
    {
      const McFee *fee = g_ptr_array_index (fees, i);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "name", fee->name);
      json_object_set_int_member (obj, "amount", fee->amount);
      json_object_set_boolean_member (obj, "exempt", fee->exempt);
      if (fee->reason != NULL)
        json_object_set_string_member (obj, "reason", fee->reason);
      else
        json_object_set_null_member (obj, "reason");
      json_array_add_object_element (array, obj);
    }
  json_node_take_array (node, array);
  return node;
}

GPtrArray *
mc_fees_from_procedure (McProcedure *procedure)
{
  GPtrArray *fees = mc_fees_new ();
  GPtrArray *listed;

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), fees);

  listed = mc_procedure_get_fees (procedure);
  for (guint i = 0; i < listed->len; i++)
    {
      const McProcedureFee *pf = g_ptr_array_index (listed, i);

      if (pf->amount >= 0)
        g_ptr_array_add (fees, mc_fee_new (pf->name, pf->amount, FALSE, NULL));
    }
  return fees;
}

/* mc-fees.h — fees (lệ phí, phí) collected with a dossier
 *
 * The catalog says what a procedure normally costs (McProcedureFee, in
 * mc-catalog.h); at intake the clerk confirms what was collected: one McFee
 * per fee, with its amount in đồng or exempt with a reason. Amounts are
 * whole đồng, bounded by MC_LIMIT_FEE_AMOUNT, and sums are checked against
 * MC_LIMIT_FEES_TOTAL before they could overflow.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-catalog.h"

G_BEGIN_DECLS

#define MC_FEES_ERROR (mc_fees_error_quark ())
GQuark mc_fees_error_quark (void);

typedef enum
{
  MC_FEES_ERROR_INVALID,   /* the message starts with the JSON path, e.g. "fees[1].amount: …" */
} McFeesError;

typedef struct
{
  char     *name;     /* "Lệ phí chứng thực" */
  gint64    amount;   /* đồng collected; 0 when exempt */
  gboolean  exempt;   /* miễn */
  char     *reason;   /* required when exempt, NULL otherwise */
} McFee;

McFee     *mc_fee_new            (const char   *name,
                                  gint64        amount,
                                  gboolean      exempt,
                                  const char   *reason);
McFee     *mc_fee_copy           (const McFee  *fee);
void       mc_fee_free           (McFee        *fee);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McFee, mc_fee_free)

/* A new empty array of McFee that frees its elements. */
GPtrArray *mc_fees_new           (void);

/* @total + @amount into @out, FALSE (and @out untouched) when either is
 * negative or the sum would pass MC_LIMIT_FEES_TOTAL. */
gboolean   mc_fees_add           (gint64        total,
                                  gint64        amount,
                                  gint64       *out);
/* Sum of the amounts collected (exempt fees count 0). */
gboolean   mc_fees_total         (GPtrArray    *fees,
                                  gint64       *out,
                                  GError      **error);

/* "50.000 đồng": '.' between thousands, as Vietnamese writes money. */
char      *mc_fees_format_amount (gint64        amount);
/* The amount, or "Miễn" (translated "Exempt") for an exempt fee. */
char      *mc_fee_format         (const McFee  *fee);
/* "Lệ phí chứng thực: 10.000 đồng; Phí …: Miễn", or NULL for no fees. */
char      *mc_fees_format_list   (GPtrArray    *fees);
/* The total for the ledger: "10.000 đồng", "Miễn" when every fee is
 * exempt, NULL for no fees. */
char      *mc_fees_format_total  (GPtrArray    *fees);

/* Checks names, amounts, exemptions and the total; the messages name the
 * entry ("fees[2].reason: …") and say what to do. */
gboolean   mc_fees_validate      (GPtrArray    *fees,
                                  GError      **error);

/* Reads a JSON array of {"name", "amount", "exempt"?, "reason"?} — the
 * intake JSON's and the upload body's `fees` — and validates it. Unknown
 * members, wrong types and more than MC_LIMIT_FEES entries are refused
 * before anything is copied. */
GPtrArray *mc_fees_from_json     (JsonNode     *node,
                                  GError      **error);
JsonNode  *mc_fees_to_json       (GPtrArray    *fees);

/* What the clerk collects by default for @procedure: each catalog fee with
 * a known amount. One whose amount the province sets is left for the
 * clerk to type. */
GPtrArray *mc_fees_from_procedure (McProcedure *procedure);

G_END_DECLS

/* mc-forms-rules.c — which forms each rule set has, page sizes, and how
 * the forms write dates, times, the unit and the papers
 *
 * The leaf of the forms: the builders (mc-forms-slips.c,
 * mc-forms-ledger.c) and McFormDoc (mc-forms.c) use it, it uses none of
 * them.
 */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-forms-private.h"

G_DEFINE_QUARK (mc-forms-error-quark, mc_forms_error)

/* Circular 01/2018/TT-VPCP, for dossiers received before 15 September 2025. */
static const McFormInfo forms_tt01_2018[] = {
  { "01", MC_FORM_RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", MC_PAGE_A5 },
  { "02", MC_FORM_SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", MC_PAGE_A5 },
  { "03", MC_FORM_REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", MC_PAGE_A5 },
  { "04", MC_FORM_APOLOGY, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", MC_PAGE_A5 },
  { "05", MC_FORM_CONTROL_SLIP, "Phiếu kiểm soát quá trình giải quyết hồ sơ", MC_PAGE_A5 },
  { "06", MC_FORM_LEDGER, "Sổ theo dõi hồ sơ", MC_PAGE_A4_LANDSCAPE },
};

/* Circular 03/2025/TT-VPCP (signed 15 September 2025), Appendix I. The
 * numbering and titles agree in two independent secondary sources (the
 * one in DOMAIN.md and a summary of Appendix I, which also dates the forms
 * from 15/9/2025 rather than from Decree 118's 1 July 2025); still check
 * them against the circular's own text. */
static const McFormInfo forms_tt03_2025[] = {
  { "01", MC_FORM_RECEIPT, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", MC_PAGE_A5 },
  { "02", MC_FORM_SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", MC_PAGE_A5 },
  { "03", MC_FORM_REFUSAL, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", MC_PAGE_A5 },
  { "04", MC_FORM_APOLOGY, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", MC_PAGE_A5 },
  { "05", MC_FORM_STOP_NOTICE, "Thông báo dừng giải quyết hồ sơ", MC_PAGE_A5 },
  { "06", MC_FORM_CONTROL_SLIP, "Phiếu kiểm soát quá trình giải quyết hồ sơ", MC_PAGE_A5 },
  { "07", MC_FORM_LEDGER, "Sổ theo dõi hồ sơ", MC_PAGE_A4_LANDSCAPE },
};

/* ---- rules ---- */

const char *
mc_forms_rule_for (GDateTime *at)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = at == NULL ? g_date_time_new_now (tz) : NULL;
  g_autoptr(GDateTime) local = g_date_time_to_timezone (at != NULL ? at : now, tz);
  int y = g_date_time_get_year (local), m = g_date_time_get_month (local);

  int d = g_date_time_get_day_of_month (local);

  /* Between 1 July (Decree 118) and 15 September 2025 (Circular 03/2025)
   * units kept the 01/2018 forms: the new ones did not exist yet. */
  return (y > 2025 || (y == 2025 && (m > 9 || (m == 9 && d >= 15)))) ? "tt03-2025" : "tt01-2018";
}

const McFormInfo *
mc_forms_list (GDateTime *at,
               guint     *n_forms)
{
  if (g_str_equal (mc_forms_rule_for (at), "tt03-2025"))
    {
      *n_forms = G_N_ELEMENTS (forms_tt03_2025);
      return forms_tt03_2025;
    }
  *n_forms = G_N_ELEMENTS (forms_tt01_2018);
  return forms_tt01_2018;
}

const McFormInfo *
mc_forms_lookup (GDateTime   *at,
                 const char  *number,
                 GError     **error)
{
  guint n = 0;
  const McFormInfo *forms = mc_forms_list (at, &n);
  g_autofree char *padded = NULL;

  /* "1" and "01" both name Mẫu 01. */
  if (number != NULL && strlen (number) == 1 && g_ascii_isdigit (number[0]))
    padded = g_strdup_printf ("0%s", number);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (forms[i].number, padded != NULL ? padded : number) == 0)
      return &forms[i];

  g_set_error (error, MC_FORMS_ERROR, MC_FORMS_ERROR_UNKNOWN_FORM,
               _("There is no form “%s” in the rules of %s; run “motcua form --list” for the forms"),
               number != NULL ? number : "", mc_forms_rule_for (at));
  return NULL;
}

const McFormInfo *
mc_forms_info_for_kind (const char *rule,
               McFormKind  kind)
{
  gboolean new_rule = g_str_equal (rule, "tt03-2025");
  const McFormInfo *forms = new_rule ? forms_tt03_2025 : forms_tt01_2018;
  guint n = new_rule ? G_N_ELEMENTS (forms_tt03_2025) : G_N_ELEMENTS (forms_tt01_2018);

  for (guint i = 0; i < n; i++)
    if (forms[i].kind == kind)
      return &forms[i];
  return NULL;
}

void
mc_page_size_get (McPageSize  size,
                  double     *width,
                  double     *height)
{
  switch (size)
    {
    case MC_PAGE_A5: *width = 419.53; *height = 595.28; break;
    case MC_PAGE_A4: *width = 595.28; *height = 841.89; break;
    case MC_PAGE_A4_LANDSCAPE: *width = 841.89; *height = 595.28; break;
    default: g_return_if_reached ();
    }
}

/* ---- text helpers ---- */

char *
mc_forms_format_date (GDateTime *at)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (at, tz);
  return g_date_time_format (local, "%d/%m/%Y");
}

char *
mc_forms_format_time (GDateTime *at)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) local = NULL;

  if (at == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (at, tz);
  return g_date_time_format (local, "%H giờ %M phút, ngày %d/%m/%Y");
}

char *
mc_forms_unit_name (const McStation *station)
{
  return g_strdup (station != NULL && station->agency_name != NULL ? station->agency_name : "");
}

/* "Tân Lập, ngày 12 tháng 02 năm 2026": the place is the commune named in
 * the unit's name ("UBND xã Tân Lập"), else left for the pen. */
char *
mc_forms_place_date (const McStation *station,
                     GDateTime       *at)
{
  static const char *units[] = { "xã ", "phường ", "thị trấn ", "đặc khu " };
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (at != NULL ? at : now, tz);
  const char *name = station != NULL ? station->agency_name : NULL;
  g_autofree char *place = NULL;

  if (name != NULL)
    {
      g_autofree char *lower = g_utf8_strdown (name, -1);

      /* strdown keeps the byte length of Vietnamese letters, so offsets match. */
      for (guint i = 0; i < G_N_ELEMENTS (units) && place == NULL; i++)
        {
          const char *hit = strstr (lower, units[i]);
          if (hit != NULL && strlen (lower) == strlen (name))
            place = g_strstrip (g_strdup (name + (hit - lower) + strlen (units[i])));
        }
    }
  return g_strdup_printf ("%s, ngày %02d tháng %02d năm %04d",
                          place != NULL && *place != '\0' ? place : "……………",
                          g_date_time_get_day_of_month (local),
                          g_date_time_get_month (local),
                          g_date_time_get_year (local));
}

const char *
mc_forms_paper_form_label (McPaperForm form)
{
  switch (form)
    {
    case MC_PAPER_FORM_ORIGINAL: return "Bản chính";
    case MC_PAPER_FORM_CERTIFIED_COPY: return "Bản sao chứng thực";
    case MC_PAPER_FORM_COPY: return "Bản sao";
    default: return "";
    }
}

/* ---- McFormDoc ---- */

/* mc-forms-ledger.c — the ledger (Sổ theo dõi hồ sơ): A4 landscape and CSV */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-core-env.h"
#include "mc-fees.h"
#include "mc-forms-private.h"
#include "mc-text.h"

#define N_COLUMNS 11

/* The columns DOMAIN.md confirms for the ledger, in its order. */
static const char * const columns[N_COLUMNS + 1] = {
  "TT", "Mã hồ sơ", "Tên TTHC", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
  "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả", "Phí, lệ phí", "Ký nhận", NULL,
};

const char * const *
mc_ledger_columns (void)
{
  return columns;
}

/* "Trả kết quả": the hand-over's date and who received the result
 * ("07/12/2026, Nguyễn Văn An"); the date alone when the province recorded
 * it; blank before. */
static char *
returned_cell (McDossier *d)
{
  const char *at = mc_dossier_get_returned_at (d);
  const char *to = mc_dossier_get_returned_to (d);
  g_autoptr(GDateTime) when = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autofree char *date = when != NULL ? mc_forms_format_date (when) : NULL;

  if (date == NULL)
    return g_strdup (to != NULL ? to : "");
  return to != NULL ? g_strdup_printf ("%s, %s", date, to) : g_steal_pointer (&date);
}

/* The total collected, "Miễn" when every fee was exempt, blank with none:
 * the printed book is Vietnamese whatever the desk's language. */
static char *
fees_cell (McDossier *d)
{
  GPtrArray *fees = mc_dossier_get_fees (d);
  gboolean all_exempt = fees->len > 0;
  gint64 total = 0;

  for (guint i = 0; i < fees->len; i++)
    all_exempt = all_exempt && ((McFee *) g_ptr_array_index (fees, i))->exempt;
  if (fees->len == 0)
    return g_strdup ("");
  if (all_exempt)
    return g_strdup ("Miễn");
  if (!mc_fees_total (fees, &total, NULL))
    return g_strdup ("");
  return mc_fees_format_amount (total);
}

char **
mc_ledger_row (McDossier *d,
               guint      index)
{
  char **row = g_new0 (char *, N_COLUMNS + 1);
  const char *address = mc_dossier_get_address (d);
  const char *phone = mc_dossier_get_phone (d);

  row[0] = g_strdup_printf ("%u", index);
  row[1] = g_strdup (mc_dossier_get_code (d) ? mc_dossier_get_code (d) : "");
  row[2] = g_strdup (mc_dossier_get_procedure_name (d) ? mc_dossier_get_procedure_name (d) : "");
  row[3] = g_strdup (mc_dossier_get_applicant_name (d) ? mc_dossier_get_applicant_name (d) : "");
  row[4] = g_strdup_printf ("%s%s%s", address ? address : "",
                            address && *address && phone && *phone ? "; " : "", phone ? phone : "");
  /* The lead agency is not recorded on the desk (the provincial system
   * knows it): left blank to be written in, like "Ký nhận". */
  row[5] = g_strdup ("");
  row[6] = mc_forms_format_date (mc_dossier_get_received_at (d));
  row[7] = mc_text_format_iso_date (mc_dossier_get_due_date (d));
  row[8] = returned_cell (d);
  row[9] = fees_cell (d);
  row[10] = g_strdup ("");
  return row;
}

void
mc_forms_build_ledger (McFormDoc *doc)
{
  static const double weights[N_COLUMNS] = { 0.035, 0.165, 0.13, 0.12, 0.15, 0.08, 0.065, 0.065, 0.065, 0.065, 0.06 };
  static const PangoAlignment aligns[N_COLUMNS] = {
    PANGO_ALIGN_CENTER, PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT,
    PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT,
    PANGO_ALIGN_CENTER,
  };
  g_autofree char *unit = mc_forms_unit_name (doc->station);
  g_autofree char *upper = g_utf8_strup (unit, -1);
  g_autofree char *from = mc_text_format_iso_date (doc->from);
  g_autofree char *to = mc_text_format_iso_date (doc->to);
  McFormBlock *b;

  b = mc_form_add_para (doc, NULL);
  b->markup[0] = g_markup_printf_escaped ("<b>%s</b>", upper);
  b->space_before = 0;
  b = mc_form_add_para (doc, NULL);
  b->markup[0] = g_markup_printf_escaped ("<b>SỔ THEO DÕI HỒ SƠ</b>\n<i>Từ ngày %s đến ngày %s</i>", from, to);
  b->align = PANGO_ALIGN_CENTER;
  b->scale = 1.3;
  b->space_before = 6;
  b->keep_with_next = TRUE;

  b = mc_form_add_table (doc, N_COLUMNS, weights, aligns, columns);
  b->scale = 0.95;
  for (guint i = 0; i < doc->dossiers->len; i++)
    {
      g_auto(GStrv) row = mc_ledger_row (g_ptr_array_index (doc->dossiers, i), i + 1);
      char **cells = g_new0 (char *, N_COLUMNS + 1);

      for (guint c = 0; c < N_COLUMNS; c++)
        cells[c] = g_markup_escape_text (row[c], -1);
      mc_form_table_add_row (b, cells);
    }
  if (doc->dossiers->len == 0)
    {
      b = mc_form_add_para (doc, "<i>Không có hồ sơ nào được tiếp nhận trong thời gian này.</i>");
      b->align = PANGO_ALIGN_CENTER;
      b->space_before = 8;
    }
}

/* ---- CSV ---- */

void
mc_csv_append_field (GString    *out,
                     const char *field)
{
  if (field == NULL)
    field = "";
  if (strpbrk (field, ",\"\r\n") == NULL && field[0] != ' ' &&
      (field[0] == '\0' || field[strlen (field) - 1] != ' '))
    {
      g_string_append (out, field);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_record (GString            *out,
               const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      mc_csv_append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}

gboolean
mc_ledger_write_csv (GPtrArray      *dossiers,
                     GOutputStream  *out,
                     GError        **error)
{
  g_autoptr(GString) text = g_string_new ("\xEF\xBB\xBF");   /* BOM: spreadsheets then read UTF-8 */

  append_record (text, columns);
  for (guint i = 0; i < dossiers->len; i++)
    {
      g_auto(GStrv) row = mc_ledger_row (g_ptr_array_index (dossiers, i), i + 1);
      append_record (text, (const char * const *) row);
    }
  return g_output_stream_write_all (out, text->str, text->len, NULL, NULL, error);
}

/* RFC 4180 reader (for tests and round trips): records of GStrv. */
GPtrArray *
mc_csv_parse (const char  *text,
              GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  gboolean quoted = FALSE, was_quoted = FALSE;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  for (; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            g_string_append_c (field, *p++);
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
          continue;
        }
      if (*p == '"' && field->len == 0 && !was_quoted)
        quoted = was_quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (fields, g_strdup (field->str));
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
          g_ptr_array_unref (fields);
          fields = g_ptr_array_new_with_free_func (g_free);
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          p++;
        }
      else
        g_string_append_c (field, *p);
    }
  if (quoted)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The CSV text ends inside a quoted field"));
      return NULL;
    }
  if (field->len > 0 || fields->len > 0)
    {
      g_ptr_array_add (fields, g_strdup (field->str));
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
    }
  return g_steal_pointer (&records);
}

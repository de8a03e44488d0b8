/* cli-forms.c — `motcua receipt|form|ledger`: the one-stop forms as PDF (and the ledger as CSV) */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mc-forms.h"

static int
forms_fail (const char *command,
            GError     *error)
{
  if (error->domain == MC_FORMS_ERROR)
    {
      g_printerr ("motcua %s: %s\n", command, error->message);
      return error->code == MC_FORMS_ERROR_IO ? MC_EXIT_IOERR : MC_EXIT_DATAERR;
    }
  return mc_cli_fail (command, error);
}

static gboolean
parse_page (const char *text,
            McPageSize *out)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "a5") == 0)
    *out = MC_PAGE_A5;
  else if (g_ascii_strcasecmp (text, "a4") == 0)
    *out = MC_PAGE_A4;
  else
    return FALSE;
  return TRUE;
}

/* A slip for one dossier, with what only the store knows: where its
 * procedure's result is collected and its place in the ledger. */
static int
write_slip (const char *command,
            McFormKind  kind,
            const char *number,
            const char *key,
            const char *output,
            const char *page,
            int         copies)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(McFormDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  McPageSize size = MC_PAGE_A5;
  int code = MC_EXIT_OK;

  if (copies < 1 || copies > 20)
    return mc_cli_usage (command, _("--copies must be 1 to 20"));
  if (!parse_page (page, &size))
    return mc_cli_usage (command, _("--page must be a5 or a4"));

  store = mc_cli_open_store (command, &code);
  if (store == NULL)
    return code;
  dossier = mc_store_load_dossier (store, key, &error);
  if (dossier == NULL)
    return mc_cli_fail (command, error);

  if (number != NULL)
    {
      const McFormInfo *info = mc_forms_lookup (mc_dossier_get_received_at (dossier), number, &error);
      if (info == NULL)
        return forms_fail (command, error);
      kind = info->kind;
    }

  doc = mc_form_doc_new_for_stored (store, kind, dossier, &error);
  if (doc == NULL)
    return forms_fail (command, error);

  if (page == NULL)
    size = mc_form_doc_get_default_page (doc);
  if (!mc_form_doc_write_pdf (doc, size, copies, output, &error))
    return forms_fail (command, error);
  return MC_EXIT_OK;
}

int
mc_cli_receipt (int    argc,
                char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *page = NULL;
  int copies = 1;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("FILE.pdf") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, N_("Paper size: a5 (default, as the circular designs it) or a4"), N_("SIZE") },
    { "copies", 0, 0, G_OPTION_ARG_INT, &copies, N_("Number of copies (default 1)"), N_("N") },
    { NULL }
  };

  if (!mc_cli_parse (&argc, &argv, "receipt", "CODE|UUID -o FILE.pdf",
                     _("Write the receipt and appointment slip (Mẫu 01) of a dossier as PDF."), entries))
    return MC_EXIT_USAGE;
  if (argc != 2 || output == NULL)
    return mc_cli_usage ("receipt", _("give one dossier code or UUID and -o FILE.pdf"));
  return write_slip ("receipt", MC_FORM_RECEIPT, NULL, argv[1], output, page, copies);
}

static void
print_forms (GDateTime *at)
{
  guint n = 0;
  const McFormInfo *forms = mc_forms_list (at, &n);
  const char *rule = mc_forms_rule_for (at);

  g_print (g_str_equal (rule, "tt03-2025")
           ? _("Circular 03/2025/TT-VPCP (dossiers received from 15 September 2025):\n")
           : _("Circular 01/2018/TT-VPCP (dossiers received before 15 September 2025):\n"));
  for (guint i = 0; i < n; i++)
    g_print ("  %s  %s%s\n", forms[i].number, forms[i].title,
             forms[i].kind == MC_FORM_LEDGER ? _(" (motcua ledger)") : "");
}

int
mc_cli_form (int    argc,
             char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *page = NULL;
  gboolean list = FALSE;
  int copies = 1;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the forms of each circular and their numbers"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("FILE.pdf") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, N_("Paper size: a5 (default for slips) or a4"), N_("SIZE") },
    { "copies", 0, 0, G_OPTION_ARG_INT, &copies, N_("Number of copies (default 1)"), N_("N") },
    { NULL }
  };

  if (!mc_cli_parse (&argc, &argv, "form", "NUMBER CODE|UUID -o FILE.pdf",
                     _("Write a form of the circular in force on the dossier's receipt date as PDF.\n"
                       "NUMBER is the form's number in that circular (“motcua form --list”)."),
                     entries))
    return MC_EXIT_USAGE;
  if (list)
    {
      g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
      g_autoptr(GDateTime) old_rule = g_date_time_new (tz, 2025, 9, 14, 12, 0, 0);
      g_autoptr(GDateTime) new_rule = g_date_time_new (tz, 2025, 9, 15, 12, 0, 0);

      if (argc != 1)
        return mc_cli_usage ("form", _("--list takes no arguments"));
      print_forms (new_rule);
      g_print ("\n");
      print_forms (old_rule);
      return MC_EXIT_OK;
    }
  if (argc != 3 || output == NULL)
    return mc_cli_usage ("form", _("give the form's NUMBER, one dossier code or UUID and -o FILE.pdf"));
  return write_slip ("form", MC_FORM_RECEIPT, argv[1], argv[2], output, page, copies);
}

static gboolean
write_csv (GPtrArray   *dossiers,
           const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, error);

  if (out == NULL)
    return FALSE;
  if (!mc_ledger_write_csv (dossiers, G_OUTPUT_STREAM (out), error))
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* A cancelled close keeps the file that was there. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (out), cancel, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

int
mc_cli_ledger (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of receipt (Vietnam time)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of receipt, included"), N_("YYYY-MM-DD") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write: .pdf (A4 landscape) or .csv"), N_("FILE") },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McStation) station = NULL;
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;
  gboolean csv;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "ledger", "--from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf|FILE.csv",
                     _("Write the ledger (Sổ theo dõi hồ sơ) of the dossiers received in a date range."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 1 || from == NULL || to == NULL || output == NULL)
    return mc_cli_usage ("ledger", _("give --from YYYY-MM-DD, --to YYYY-MM-DD and -o FILE.pdf or FILE.csv"));
  lower = g_ascii_strdown (output, -1);
  csv = g_str_has_suffix (lower, ".csv");
  if (!csv && !g_str_has_suffix (lower, ".pdf"))
    return mc_cli_usage ("ledger", _("the output file must end in .pdf or .csv"));

  store = mc_cli_open_store ("ledger", &code);
  if (store == NULL)
    return code;
  station = mc_store_get_station (store, &error);
  if (station == NULL)
    return mc_cli_fail ("ledger", error);
  dossiers = mc_store_list_for_ledger (store, from, to, &error);
  if (dossiers == NULL)
    return mc_cli_fail ("ledger", error);

  if (csv)
    {
      if (!write_csv (dossiers, output, &error))
        return mc_cli_fail ("ledger", error);
    }
  else
    {
      g_autoptr(McFormDoc) doc = mc_form_doc_new_ledger (dossiers, station, from, to);
      if (!mc_form_doc_write_pdf (doc, MC_PAGE_A4_LANDSCAPE, 1, output, &error))
        return forms_fail ("ledger", error);
    }
  return MC_EXIT_OK;
}

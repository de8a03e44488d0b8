/* cli-common.c — option parsing, errors and output of `motcua` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli-common.h"

static char *data_dir_option;

gboolean
mc_cli_parse (int                 *argc,
              char              ***argv,
              const char          *command,
              const char          *parameter,
              const char          *summary,
              const GOptionEntry  *entries)
{
  const GOptionEntry common[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir_option,
      N_("Data folder (default: $MOTCUA_DATA_DIR or ~/.local/share/motcua-desk)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *param = g_strdup_printf ("%s %s", command, parameter ? parameter : "");

  context = g_option_context_new (param);
  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      mc_cli_usage (command, error->message);
      return FALSE;
    }
  return TRUE;
}

char *
mc_cli_data_dir (void)
{
  return mc_core_resolve_data_dir (data_dir_option);
}

int
mc_cli_usage (const char *command,
              const char *message)
{
  g_printerr ("motcua %s: %s\n", command, message);
  g_printerr (_("Run “motcua %s --help” for usage.\n"), command);
  return MC_EXIT_USAGE;
}

static McCliExitCode paper_exit_code;

void
mc_cli_set_exit_codes (McCliExitCode exit_code)
{
  paper_exit_code = exit_code;
}

static int
exit_code_for (GError *error)
{
  int code;

  if (error->domain == MC_STORE_ERROR)
    {
      switch (error->code)
        {
        case MC_STORE_ERROR_INVALID:
        case MC_STORE_ERROR_NOT_FOUND:
        case MC_STORE_ERROR_NOT_INITIALIZED:
        case MC_STORE_ERROR_CONFLICT:
          return MC_EXIT_DATAERR;
        default:
          return MC_EXIT_IOERR;
        }
    }
  if (error->domain == MC_ATTACHMENT_ERROR)
    return error->code == MC_ATTACHMENT_ERROR_IO ? MC_EXIT_IOERR : MC_EXIT_DATAERR;
  if (error->domain == MC_BLOBS_ERROR)
    return error->code == MC_BLOBS_ERROR_TOO_LARGE ? MC_EXIT_DATAERR : MC_EXIT_IOERR;
  if (error->domain == MC_INTAKE_ERROR || error->domain == MC_VALIDATE_ERROR ||
      error->domain == MC_CATALOG_ERROR || error->domain == MC_CODES_ERROR ||
      error->domain == MC_CALENDAR_ERROR || error->domain == MC_ID_CARD_ERROR ||
      error->domain == MC_JSON_ERROR || error->domain == MC_CANON_ERROR)
    return MC_EXIT_DATAERR;
  if (paper_exit_code != NULL && (code = paper_exit_code (error)) >= 0)
    return code;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return MC_EXIT_FAILURE;
  if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
    return MC_EXIT_IOERR;
  return MC_EXIT_FAILURE;
}

int
mc_cli_fail (const char *command,
             GError     *error)
{
  g_printerr ("motcua %s: %s\n", command, error->message);
  return exit_code_for (error);
}

McStore *
mc_cli_open_store (const char *command,
                   int        *exit_code)
{
  g_autofree char *dir = mc_cli_data_dir ();
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, &error);

  if (store == NULL)
    *exit_code = mc_cli_fail (command, error);
  return store;
}

void
mc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* cli-attach.c — `motcua attach CODE|UUID FILE [--paper NAME] [--json]` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"

/* The label padded by characters, not bytes (Vietnamese labels). */
static void
print_row (const char *label,
           const char *value)
{
  glong pad = 12 - g_utf8_strlen (label, -1);

  g_print ("  %s%*s %s\n", label, (int) MAX (pad, 0), "", value);
}

static void
print_attachment (const char         *code,
                  const McAttachment *a)
{
  g_autofree char *size = g_format_size_full (a->size, G_FORMAT_SIZE_LONG_FORMAT);
  g_autofree char *type = g_strdup_printf ("%s (%s)", mc_attachment_describe_mime (a->mime_type), a->mime_type);

  g_print (_("Attached to %s:\n"), code);
  print_row (_("Name:"), a->name);
  print_row (_("Type:"), type);
  print_row (_("Size:"), size);
  print_row ("SHA-256:", a->sha256);
  if (a->paper != NULL)
    print_row (_("Paper:"), a->paper);
}

static void
print_attachment_json (const char         *code,
                       const McAttachment *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, a->name);
  json_builder_set_member_name (b, "mime_type");
  json_builder_add_string_value (b, a->mime_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, a->sha256);
  json_builder_set_member_name (b, "paper");
  if (a->paper != NULL)
    json_builder_add_string_value (b, a->paper);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  mc_cli_print_json (root);
}

int
mc_cli_attach (int    argc,
               char **argv)
{
  g_autofree char *paper = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("The dossier's paper this file is a scan of"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  McAttachment *a;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "attach", "CODE|UUID FILE [--paper NAME]",
                     _("Attach a PDF, JPEG or PNG file to a dossier. The file is checked by its content, "
                       "whatever its name: other kinds of file, damaged or incomplete files, empty files "
                       "and files over 200 MiB are refused and the dossier is left as it was."),
                     entries))
    return MC_EXIT_USAGE;
  if (argc != 3)
    return mc_cli_usage ("attach", _("give a dossier code or UUID, then one file"));

  store = mc_cli_open_store ("attach", &code);
  if (store == NULL)
    return code;

  file = g_file_new_for_commandline_arg (argv[2]);
  a = mc_store_add_attachment (store, argv[1], file, paper, mc_core_get_actor (), NULL, &error);
  if (a == NULL)
    return mc_cli_fail ("attach", error);

  dossier = mc_store_load_dossier (store, argv[1], NULL);
  if (as_json)
    print_attachment_json (dossier != NULL ? mc_dossier_get_code (dossier) : argv[1], a);
  else
    print_attachment (dossier != NULL ? mc_dossier_get_code (dossier) : argv[1], a);
  mc_attachment_free (a);
  return MC_EXIT_OK;
}

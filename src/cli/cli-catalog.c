/* cli-catalog.c — `motcua catalog list|import` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"

static int
catalog_list (McStore  *store,
              gboolean  as_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McCatalog) catalog = mc_store_load_catalog (store, &error);
  GListModel *procedures;
  guint n;

  if (catalog == NULL)
    return mc_cli_fail ("catalog", error);

  procedures = mc_catalog_get_procedures (catalog);
  n = g_list_model_get_n_items (procedures);

  if (as_json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (n);
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(McProcedure) p = g_list_model_get_item (procedures, i);
          json_array_add_element (array, mc_procedure_to_json (p));
        }
      json_node_set_array (root, array);
      mc_cli_print_json (root);
      return MC_EXIT_OK;
    }

  if (mc_catalog_is_sample (catalog))
    g_print ("%s\n\n", _("Sample catalog: verify it against the national procedure database, or import your province's."));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McProcedure) p = g_list_model_get_item (procedures, i);
      guint days = mc_procedure_get_processing_days (p);
      g_autofree char *days_text = days == 0 ? g_strdup (_("same day"))
                                             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", days), days);

      glong pad = 16 - g_utf8_strlen (days_text, -1);

      g_print ("%-12s %s%*s %s\n", mc_procedure_get_code (p), days_text, (int) MAX (pad, 0), "",
               mc_procedure_get_name (p));
    }
  return MC_EXIT_OK;
}

static int
catalog_import (McStore    *store,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(McCatalog) catalog = NULL;
  gsize length;
  guint n;

  data = mc_json_read_file (path, MC_LIMIT_CATALOG_SIZE, &length, &error);
  if (data == NULL)
    return mc_cli_fail ("catalog", error);

  if (!mc_store_import_catalog (store, data, length, path, &error))
    {
      g_prefix_error (&error, _("“%s” was not imported, the current catalog is kept: "), path);
      return mc_cli_fail ("catalog", error);
    }

  catalog = mc_store_load_catalog (store, &error);
  if (catalog == NULL)
    return mc_cli_fail ("catalog", error);
  n = g_list_model_get_n_items (mc_catalog_get_procedures (catalog));
  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %u procedure from “%s”.\n", "Imported %u procedures from “%s”.\n", n),
           n, path);
  return MC_EXIT_OK;
}

int
mc_cli_catalog (int    argc,
                char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(McStore) store = NULL;
  int code = MC_EXIT_OK;

  if (!mc_cli_parse (&argc, &argv, "catalog", "list [--json] | import FILE",
                     _("List the procedure catalog, or import a replacement catalog file."), entries))
    return MC_EXIT_USAGE;

  if (argc < 2)
    return mc_cli_usage ("catalog", _("say “list” or “import FILE”"));

  if (g_str_equal (argv[1], "list") && argc == 2)
    {
      store = mc_cli_open_store ("catalog", &code);
      return store != NULL ? catalog_list (store, as_json) : code;
    }
  if (g_str_equal (argv[1], "import") && argc == 3)
    {
      store = mc_cli_open_store ("catalog", &code);
      return store != NULL ? catalog_import (store, argv[2]) : code;
    }
  return mc_cli_usage ("catalog", _("say “list” or “import FILE”"));
}

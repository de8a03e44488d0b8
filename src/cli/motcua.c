/* motcua.c — the command line of MotCua Desk */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "cli-common.h"

/* A command without a function here prints or reads paper (receipt, forms,
 * ledger, scan, ID card images): it runs in motcua-paper, which links
 * cairo, Pango, SANE and zbar. motcua itself loads half the libraries
 * without them and starts in a third of the time; `motcua sync` and
 * `motcua intake` are what scripts and the benches start over and over. */
static const struct
{
  const char   *name;
  McCliCommand  run;
  const char   *summary;
} commands[] = {
  { "init", mc_cli_init, N_("Set up this PC: the unit's agency code and name, the station number") },
  { "clerk", mc_cli_clerk, N_("Print or set the receiving clerk's full name") },
  { "catalog", mc_cli_catalog, N_("List the procedure catalog, or import a replacement") },
  { "id-card", NULL, N_("Read and check the QR code of a citizen's chip ID card (CCCD)") },
  { "intake", mc_cli_intake, N_("Take a dossier in from JSON and print its code and due date") },
  { "list", mc_cli_list, N_("List and search dossiers") },
  { "show", mc_cli_show, N_("Show one dossier") },
  { "calendar", mc_cli_calendar, N_("Due dates and public holidays") },
  { "receipt", NULL, N_("Write a dossier's receipt and appointment slip (Mẫu 01) as PDF") },
  { "form", NULL, N_("Write another one-stop form of a dossier as PDF, or list the forms") },
  { "ledger", NULL, N_("Write the ledger of a date range as PDF or CSV") },
  { "action", mc_cli_action, N_("Record a decision on a dossier: supplement, refuse, new-date, stop or return") },
  { "scan", NULL, N_("Scan pages into one PDF, or list the scanners") },
  { "attach", mc_cli_attach, N_("Attach a PDF, JPEG or PNG file to a dossier, for one of its papers") },
  { "enrol", mc_cli_enrol, N_("Connect this PC to the province's server: its address and access token") },
  { "sync", mc_cli_sync, N_("Upload the waiting dossiers and fetch their status from the server") },
  { "outbox", mc_cli_outbox, N_("List what is waiting to be uploaded") },
  { "requeue", mc_cli_requeue, N_("Send a dossier that needs attention again, once it is corrected") },
  { "upload-file", mc_cli_upload_file, N_("Upload one file to a tus 1.0 endpoint and print its upload URL") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: motcua COMMAND [OPTIONS…]"));
  g_print ("%s\n\n", _("MotCua Desk — offline intake of administrative-procedure dossiers."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("All commands accept --data-dir DIR (else $MOTCUA_DATA_DIR, else ~/.local/share/motcua-desk)."));
  g_print ("%s\n", _("Run “motcua COMMAND --help” for a command's options."));
}

/* The helper that runs the commands of paper: next to motcua in the build
 * tree, in libexecdir when installed. */
static char *
paper_path (void)
{
  const char *root = mc_core_uninstalled_root ();

  if (root != NULL)
    return g_build_filename (root, "src", "cli", "motcua-paper", NULL);
  return g_strdup (MC_PAPER_PATH);
}

static int
run_paper (int    argc,
           char **argv)
{
  g_autofree char *path = paper_path ();
  int saved;

  argv[0] = path;
  execv (path, argv);
  saved = errno;
  if (mc_core_uninstalled_root () != NULL)
    /* TRANSLATORS: %s: a command; then a file, the system's reason and
     * the build folder. In a developer's build tree where only motcua
     * was built (meson compile motcua). */
    g_printerr (_("motcua %s: cannot run %s: %s (build it: meson compile -C %s)\n"), argv[1], path,
                g_strerror (saved), mc_core_uninstalled_root ());
  else
    /* TRANSLATORS: %s: a command; then a file and the system's reason */
    g_printerr (_("motcua %s: cannot run %s: %s (reinstall MotCua Desk)\n"), argv[1], path, g_strerror (saved));
  return MC_EXIT_FAILURE;
}

int
main (int    argc,
      char **argv)
{
  mc_core_init_i18n ();
  g_set_prgname ("motcua");

  if (argc < 2)
    {
      print_help ();
      return MC_EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return MC_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("motcua %s\n", PACKAGE_VERSION);
      return MC_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run != NULL ? commands[i].run (argc - 1, argv + 1) : run_paper (argc, argv);

  g_printerr (_("motcua: unknown command “%s”\n"), argv[1]);
  print_help ();
  return MC_EXIT_USAGE;
}

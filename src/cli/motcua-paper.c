/* motcua-paper.c — the commands of `motcua` that print or read paper
 *
 * `motcua receipt|form|ledger|scan|id-card …` executes this program with
 * the same arguments (motcua.c), so that the other commands start without
 * cairo, Pango, SANE and zbar. It is not on PATH and not meant to be run
 * by hand; it speaks, exits and fails exactly as `motcua` does.
 */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mc-scan.h"
#include "mc-scan-qr.h"

static const struct
{
  const char   *name;
  McCliCommand  run;
} commands[] = {
  { "id-card", mc_cli_id_card },
  { "receipt", mc_cli_receipt },
  { "form", mc_cli_form },
  { "ledger", mc_cli_ledger },
  { "scan", mc_cli_scan },
};

static int
exit_code (GError *error)
{
  if (error->domain == MC_SCAN_QR_ERROR)
    return error->code == MC_SCAN_QR_ERROR_IO ? MC_EXIT_IOERR : MC_EXIT_DATAERR;
  /* Settings the scanner refuses are a usage error; the rest (no scanner,
   * busy, jam, cover open, no paper, I/O) say what to do and exit 74. */
  if (error->domain == MC_SCAN_ERROR)
    return error->code == MC_SCAN_ERROR_INVALID ? MC_EXIT_USAGE : MC_EXIT_IOERR;
  return -1;
}

int
main (int    argc,
      char **argv)
{
  mc_core_init_i18n ();
  g_set_prgname ("motcua");
  mc_cli_set_exit_codes (exit_code);

  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("motcua: unknown command “%s”\n"), argc >= 2 ? argv[1] : "");
  return MC_EXIT_USAGE;
}

/* cli-scan.c — `motcua scan --list-devices`, `motcua scan --device DEV -o FILE.pdf` */
#define G_LOG_DOMAIN "motcua-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "cli-common.h"
#include "mc-scan.h"
#include "mc-scan-qr.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GPtrArray    *result;
  GError       *error;
} Wait;

static void
on_devices_listed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  Wait *w = data;

  w->result = mc_scanner_list_devices_finish (MC_SCANNER (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Wait *w = data;

  w->result = mc_scanner_scan_finish (MC_SCANNER (source), result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
on_page_done (McScanner *scanner,
              McPage    *page,
              gpointer   data)
{
  guint *count = data;

  (*count)++;
  g_printerr (_("Page %u scanned (%d × %d pixels, %d dpi)\n"), *count,
              mc_page_get_width (page), mc_page_get_height (page), mc_page_get_dpi (page));
}

static gboolean
on_sigint (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

static int
list_devices (void)
{
  McScanner *scanner = mc_scanner_get_default ();
  Wait w = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };
  int status = MC_EXIT_OK;

  mc_scanner_list_devices_async (scanner, NULL, on_devices_listed, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  mc_scanner_shutdown (scanner);

  if (w.error != NULL)
    {
      status = mc_cli_fail ("scan", w.error);
      g_error_free (w.error);
      return status;
    }
  if (w.result->len == 0)
    {
      g_printerr ("motcua scan: %s\n",
                  _("No scanner was found: check that it is switched on and connected (and its driver installed), then try again."));
      status = MC_EXIT_IOERR;
    }
  for (guint i = 0; i < w.result->len; i++)
    {
      McScanDevice *d = g_ptr_array_index (w.result, i);

      g_print ("%s\t%s %s\t%s%s%s\n", d->name, d->vendor, d->model, d->type,
               d->has_adf ? _(", document feeder") : "",
               d->has_duplex ? _(", both sides") : "");
    }
  g_ptr_array_unref (w.result);
  return status;
}

static gboolean
parse_source (const char   *text,
              McScanSource *out)
{
  if (text == NULL || g_str_equal (text, "flatbed"))
    *out = MC_SCAN_SOURCE_FLATBED;
  else if (g_str_equal (text, "adf"))
    *out = MC_SCAN_SOURCE_ADF;
  else if (g_str_equal (text, "duplex"))
    *out = MC_SCAN_SOURCE_ADF_DUPLEX;
  else
    return FALSE;
  return TRUE;
}

static int
scan_to_pdf (const char   *device,
             McScanSource  source,
             int           resolution,
             gboolean      color,
             guint         pages,
             const char   *output)
{
  McScanner *scanner = mc_scanner_get_default ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *data_dir = mc_cli_data_dir ();
  g_autofree char *session = NULL;
  g_autoptr(GError) error = NULL;
  Wait w = { NULL, cancellable, NULL, NULL };
  guint count = 0, sigint;
  gulong handler;

  /* Pages land in a session folder first, so a failure keeps them. */
  mc_scan_sessions_cleanup (data_dir, MC_SCAN_SESSIONS_MAX_BYTES, MC_SCAN_SESSIONS_MAX_AGE_S, NULL);
  session = mc_scan_session_new_dir (data_dir, &error);
  if (session == NULL)
    return mc_cli_fail ("scan", error);

  w.loop = g_main_loop_new (NULL, FALSE);
  handler = g_signal_connect (scanner, "page-done", G_CALLBACK (on_page_done), &count);
  sigint = g_unix_signal_add (SIGINT, on_sigint, cancellable);
  mc_scanner_scan_async (scanner, device, source, resolution, color, pages, session,
                         cancellable, on_scanned, &w);
  g_main_loop_run (w.loop);
  g_source_remove (sigint);
  g_signal_handler_disconnect (scanner, handler);
  g_main_loop_unref (w.loop);
  mc_scanner_shutdown (scanner);

  if (w.error != NULL)
    {
      int status = mc_cli_fail ("scan", w.error);

      if (count > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "%u page scanned so far is kept in %s\n",
                                 "%u pages scanned so far are kept in %s\n", count),
                    count, session);
      else
        g_rmdir (session);
      g_error_free (w.error);
      return status;
    }

  if (!mc_scan_write_pdf (w.result, output, &error))
    {
      g_ptr_array_unref (w.result);
      return mc_cli_fail ("scan", error);
    }
  g_print ("%u\n", w.result->len);
  g_ptr_array_unref (w.result);
  /* The PDF is written: the autosaved pages are no longer needed. */
  mc_scan_session_remove (session);
  return MC_EXIT_OK;
}

int
mc_cli_scan (int    argc,
             char **argv)
{
  gboolean list = FALSE;
  g_autofree char *device = NULL;
  g_autofree char *source_text = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *output = NULL;
  int pages = 0, resolution = 200;
  McScanSource source;
  const GOptionEntry entries[] = {
    { "list-devices", 0, 0, G_OPTION_ARG_NONE, &list, N_("List the scanners found"), NULL },
    { "device", 0, 0, G_OPTION_ARG_STRING, &device, N_("Scanner to use (a name from --list-devices)"), N_("DEV") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source_text, N_("flatbed (default), adf or duplex"), N_("SOURCE") },
    { "pages", 0, 0, G_OPTION_ARG_INT, &pages, N_("Pages to scan from the feeder (default: until it is empty)"), N_("N") },
    { "resolution", 0, 0, G_OPTION_ARG_INT, &resolution, N_("Resolution in dpi (default 200)"), N_("DPI") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, N_("gray (default) or color"), N_("MODE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("PDF file to write"), N_("FILE") },
    { NULL }
  };

  if (!mc_cli_parse (&argc, &argv, "scan", NULL,
                     _("Scan pages into one PDF (A4, one page per scan), or list the scanners."), entries))
    return MC_EXIT_USAGE;
  if (argc > 1)
    return mc_cli_usage ("scan", _("unexpected argument"));
  if (list)
    return list_devices ();

  if (device == NULL || output == NULL)
    return mc_cli_usage ("scan", _("give --device DEV and -o FILE.pdf, or --list-devices"));
  if (!parse_source (source_text, &source))
    return mc_cli_usage ("scan", _("--source must be flatbed, adf or duplex"));
  if (mode != NULL && !g_str_equal (mode, "gray") && !g_str_equal (mode, "color"))
    return mc_cli_usage ("scan", _("--mode must be gray or color"));
  if (pages < 0 || pages > 500)
    return mc_cli_usage ("scan", _("--pages must be from 1 to 500"));
  if (resolution < 75 || resolution > 600)
    return mc_cli_usage ("scan", _("--resolution must be from 75 to 600 dpi"));
  if (!g_str_has_suffix (output, ".pdf") && !g_str_has_suffix (output, ".PDF"))
    return mc_cli_usage ("scan", _("the output file must end in .pdf"));

  return scan_to_pdf (device, source, resolution, mode != NULL && g_str_equal (mode, "color"),
                      (guint) pages, output);
}

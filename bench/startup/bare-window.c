/* bare-window.c — the start-up baseline: an empty libadwaita window
 *
 * A minimal AdwApplication that presents an empty AdwApplicationWindow of
 * the desk's default size and quits once its first frame is under way.
 * It quits the way `motcua-desk --exit-after-startup` does (a tick
 * callback: the frame clock runs layout and paint of that same frame
 * before the main loop returns), so both programs are timed to the same
 * point. bench-startup runs it next to motcua-desk.
 */
#define G_LOG_DOMAIN "motcua-bench"

#include <adwaita.h>

static gboolean
quit_after_frame_cb (GtkWidget     *widget,
                     GdkFrameClock *frame_clock,
                     gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
on_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_widget_add_tick_callback (window, quit_after_frame_cb, app, NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;

  /* An application id and default flags, like the desk: the same D-Bus
   * registration cost on both sides. */
  app = adw_application_new ("io.github.motcua.Desk.BenchBareWindow", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}

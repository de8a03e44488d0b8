/* mc-dossiers-view-frames.c — how smooth the list is, measured
 *
 * With MOTCUA_FRAME_STATS set (a developer's and the 1 000 000-dossier
 * check's switch; never set in use), the view logs how long each frame's
 * work takes on the main thread (the frame clock's before-paint to
 * after-paint: update, layout, paint) and how long the main loop stalls
 * outside frames (a 5 ms tick that comes late), every second and the
 * longest of each so far. Read with G_MESSAGES_DEBUG=motcua-frames.
 */
#define G_LOG_DOMAIN "motcua-frames"

#include "config.h"

#include "mc-dossiers-view-private.h"

#define TICK_MS 5

typedef struct
{
  gint64 frame_start;
  gint64 last_tick;
  gint64 last_report;
  gint64 max_frame;        /* µs, this second */
  gint64 max_stall;
  gint64 worst_frame;      /* µs, since the start */
  gint64 worst_stall;
  guint  frames;
} FrameStats;

static void
on_before_paint_cb (GdkFrameClock *clock,
                    FrameStats    *stats)
{
  stats->frame_start = g_get_monotonic_time ();
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   FrameStats    *stats)
{
  gint64 took = g_get_monotonic_time () - stats->frame_start;

  stats->frames++;
  stats->max_frame = MAX (stats->max_frame, took);
  stats->worst_frame = MAX (stats->worst_frame, took);
  if (took > 50000)
    g_debug ("Long frame: %.1f ms", took / 1000.0);
}

static gboolean
tick_cb (gpointer data)
{
  FrameStats *stats = data;
  gint64 now = g_get_monotonic_time ();
  gint64 stall = now - stats->last_tick - TICK_MS * 1000;

  stats->last_tick = now;
  stats->max_stall = MAX (stats->max_stall, stall);
  stats->worst_stall = MAX (stats->worst_stall, stall);
  if (stall > 50000)
    g_debug ("Main loop stalled: %.1f ms", stall / 1000.0);
  if (now - stats->last_report >= G_USEC_PER_SEC)
    {
      g_debug ("Frames: %u in the last second, longest %.1f ms (worst %.1f ms); longest stall %.1f ms (worst %.1f ms)",
               stats->frames, stats->max_frame / 1000.0, stats->worst_frame / 1000.0,
               stats->max_stall / 1000.0, stats->worst_stall / 1000.0);
      stats->last_report = now;
      stats->frames = 0;
      stats->max_frame = 0;
      stats->max_stall = 0;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_realize_cb (GtkWidget  *widget,
               FrameStats *stats)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint_cb), stats);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), stats);
  stats->last_tick = stats->last_report = g_get_monotonic_time ();
  g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick_cb, stats, NULL);
}

void
_mc_dossiers_view_watch_frames (McDossiersView *self)
{
  /* Lives as long as the process: this is a measurement switch. */
  FrameStats *stats;

  if (g_getenv ("MOTCUA_FRAME_STATS") == NULL)
    return;
  stats = g_new0 (FrameStats, 1);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), stats);
}

/* cli-signals.h — SIGINT/SIGTERM cancel a command that blocks its thread */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _McCliSignals McCliSignals;

/* From now on SIGINT and SIGTERM cancel @cancellable; they are watched on
 * a thread of their own, since the command blocks the main one. */
McCliSignals *mc_cli_signals_watch   (GCancellable *cancellable);
/* Stops watching and joins the thread; returns at once, whenever it is
 * called (even before the thread has started). */
void          mc_cli_signals_unwatch (McCliSignals *watch);

G_END_DECLS

/* mc-sync-deadline.h — limits on an exchange, fired by one thread
 *
 * Private to sync/. A request's McSyncDeadline lives on its caller's stack
 * from mc_sync_deadline_arm () to mc_sync_deadline_disarm ().
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  GCancellable *cancellable;
  gint64        connect_at;   /* monotonic µs; 0: not armed */
  gint64        total_at;
  gboolean      fired;
  gboolean      cancelling;   /* the timer thread is cancelling it, unlocked */
} McSyncDeadline;

/* Arms @d: @cancellable is cancelled if the request is not written within
 * @connect_ms, or not answered within @total_ms (0: no such limit). */
void     mc_sync_deadline_arm       (McSyncDeadline *d,
                                     GCancellable   *cancellable,
                                     guint           connect_ms,
                                     guint           total_ms);
/* The request is written: its connect limit no longer applies. */
void     mc_sync_deadline_connected (McSyncDeadline *d);
/* Disarms @d; returns whether it fired. Once it returns, the cancellable
 * is never cancelled for this request. */
gboolean mc_sync_deadline_disarm    (McSyncDeadline *d);

G_END_DECLS

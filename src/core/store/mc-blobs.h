/* mc-blobs.h — content-addressed attachment files
 *
 * blobs/ab/abcdef… named by sha256. Written to a temporary file, fsync'ed,
 * renamed into place and the directory fsync'ed, so a blob either is whole
 * or is not there — before any row that names it commits.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_BLOBS_ERROR (mc_blobs_error_quark ())
GQuark mc_blobs_error_quark (void);

typedef enum
{
  MC_BLOBS_ERROR_IO,
  MC_BLOBS_ERROR_NOT_FOUND,
  MC_BLOBS_ERROR_CORRUPT,
  MC_BLOBS_ERROR_TOO_LARGE,
} McBlobsError;

#define MC_TYPE_BLOBS (mc_blobs_get_type ())
G_DECLARE_FINAL_TYPE (McBlobs, mc_blobs, MC, BLOBS, GObject)

McBlobs  *mc_blobs_new          (const char   *root);  /* root dir (created on first write, 0700) */
const char *mc_blobs_get_root   (McBlobs      *self);

/* Copies @source into the store, streaming (memory does not grow with the
 * file). Returns the hex sha256; *@out_size receives the size. */
char     *mc_blobs_add_file     (McBlobs      *self,
                                 GFile        *source,
                                 gint64        max_size,   /* ≤ 0: no limit */
                                 gint64       *out_size,
                                 GCancellable *cancellable,
                                 GError      **error);
char     *mc_blobs_add_bytes    (McBlobs      *self,
                                 GBytes       *bytes,
                                 GError      **error);

gboolean  mc_blobs_contains     (McBlobs      *self,
                                 const char   *sha256);
char     *mc_blobs_get_path     (McBlobs      *self,
                                 const char   *sha256);
GFile    *mc_blobs_get_file     (McBlobs      *self,
                                 const char   *sha256);
/* Re-hashes the blob and compares with its name. */
gboolean  mc_blobs_verify       (McBlobs      *self,
                                 const char   *sha256,
                                 GError      **error);

/* Deletes blobs not in @referenced (a set of sha256 strings) and older than
 * @min_age_seconds (so a blob written for a save still in flight survives).
 * Returns the number deleted. */
guint     mc_blobs_collect      (McBlobs      *self,
                                 GHashTable   *referenced,
                                 gint64        min_age_seconds,
                                 GError      **error);

/* A copy written and hashed but not yet in the store: check it through
 * its GFile, then commit it; freeing an uncommitted one removes it. */
typedef struct _McBlobsPending McBlobsPending;

McBlobsPending *mc_blobs_write_pending     (McBlobs        *self,
                                            GFile          *source,
                                            gint64          max_size,   /* ≤ 0: no limit */
                                            GCancellable   *cancellable,
                                            GError        **error);
const char     *mc_blobs_pending_get_sha256 (McBlobsPending *pending);
gint64          mc_blobs_pending_get_size   (McBlobsPending *pending);
GFile          *mc_blobs_pending_get_file   (McBlobsPending *pending);
gboolean        mc_blobs_pending_commit     (McBlobs        *self,
                                             McBlobsPending *pending,
                                             GError        **error);
void            mc_blobs_pending_free       (McBlobsPending *pending);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McBlobsPending, mc_blobs_pending_free)

/* Removes the temporaries of writes whose process died (killed mid-copy):
 * a write in progress holds a lock on its file, so nothing living is
 * touched, whatever its age. Returns the number removed. */
guint     mc_blobs_collect_temporaries (McBlobs *self);

G_END_DECLS

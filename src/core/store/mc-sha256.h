/* mc-sha256.h — SHA-256 of attachments, on the CPU's SHA instructions
 *
 * Every attachment is hashed when it is taken in (its name in the blob
 * store), when it is checked, and before it is uploaded. GLib's GChecksum
 * is portable C: 53–95 MB/s on the 2-core test machines under load;
 * nettle's SHA-256 uses the SHA instructions where the CPU has them
 * (430–1 390 MB/s on the same machines), and is already on every desk
 * (GnuTLS is built on it). Digests are lower-case hex, as GChecksum's.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _McSha256 McSha256;

McSha256 *mc_sha256_new        (void);
void      mc_sha256_update     (McSha256     *self,
                                const void   *data,
                                gsize         size);
/* The hex digest; @self is freed. */
char     *mc_sha256_finish     (McSha256     *self);
void      mc_sha256_free       (McSha256     *self);

/* The hex digest of what @in gives until its end, its byte count in
 * @out_size (nullable); NULL and @error set if reading fails. */
char     *mc_sha256_stream     (GInputStream *in,
                                gint64       *out_size,
                                GCancellable *cancellable,
                                GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSha256, mc_sha256_free)

G_END_DECLS

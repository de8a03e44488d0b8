/* mc-sha256.c — SHA-256 of attachments, on the CPU's SHA instructions */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <nettle/sha2.h>

#include "mc-sha256.h"

#define READ_SIZE (256 * 1024)

struct _McSha256
{
  struct sha256_ctx ctx;
};

McSha256 *
mc_sha256_new (void)
{
  McSha256 *self = g_new (McSha256, 1);

  sha256_init (&self->ctx);
  return self;
}

void
mc_sha256_update (McSha256   *self,
                  const void *data,
                  gsize       size)
{
  sha256_update (&self->ctx, size, data);
}

char *
mc_sha256_finish (McSha256 *self)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];
  char *text = g_malloc (2 * SHA256_DIGEST_SIZE + 1);

  sha256_digest (&self->ctx, sizeof digest, digest);
  for (gsize i = 0; i < sizeof digest; i++)
    {
      text[2 * i] = hex[digest[i] >> 4];
      text[2 * i + 1] = hex[digest[i] & 0xf];
    }
  text[2 * SHA256_DIGEST_SIZE] = '\0';
  mc_sha256_free (self);
  return text;
}

void
mc_sha256_free (McSha256 *self)
{
  g_free (self);
}

char *
mc_sha256_stream (GInputStream  *in,
                  gint64        *out_size,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(McSha256) sum = mc_sha256_new ();
  g_autofree guint8 *buf = g_malloc (READ_SIZE);
  gint64 size = 0;
  gssize n;

  while ((n = g_input_stream_read (in, buf, READ_SIZE, cancellable, error)) > 0)
    {
      mc_sha256_update (sum, buf, (gsize) n);
      size += n;
    }
  if (n < 0)
    return NULL;
  if (out_size != NULL)
    *out_size = size;
  return mc_sha256_finish (g_steal_pointer (&sum));
}

/* fuzz-canon.c — canonical JSON and its hash from any text */
#include <stddef.h>
#include <stdint.h>

#include "mc-canon.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) canon = mc_canon_from_data ((const char *) data, (gssize) size, NULL);

  if (canon != NULL)
    g_free (mc_canon_sha256_hex (canon));
  return 0;
}

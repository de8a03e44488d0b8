/* fuzz-json.c — the bounded JSON reader, then canonical JSON of what it reads */
#include <stddef.h>
#include <stdint.h>

#include "mc-canon.h"
#include "mc-json.h"
#include "mc-limits.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) node = mc_json_parse ((const char *) data, (gssize) size, MC_LIMIT_BODY_SIZE, NULL);

  if (node != NULL)
    {
      g_autoptr(GBytes) canon = mc_canon_from_node (node, NULL);

      /* What is canonical reads back to the same bytes. */
      if (canon != NULL)
        {
          g_autoptr(GBytes) again = mc_canon_from_data (g_bytes_get_data (canon, NULL),
                                                        (gssize) g_bytes_get_size (canon), NULL);

          if (again == NULL || !g_bytes_equal (canon, again))
            __builtin_trap ();
        }
    }
  return 0;
}

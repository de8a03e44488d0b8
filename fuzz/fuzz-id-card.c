/* fuzz-id-card.c — the citizen's ID card QR text (mc_id_card_parse), as a
 * USB reader types it or ZBar reads it from an image: any bytes */
#include <stddef.h>
#include <stdint.h>

#include "mc-id-card.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(McIdCard) card = NULL;
  g_autoptr(McIdCard) again = NULL;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 7, 12, 2026);
  /* The bytes as they came (embedded NULs included), then as C text. */
  card = mc_id_card_parse ((const char *) data, (gssize) size, &today, NULL);
  again = mc_id_card_parse (text, -1, &today, NULL);
  mc_id_card_looks_like (text);
  return 0;
}

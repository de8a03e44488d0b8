/* fuzz-catalog.c — a procedure catalog from any text */
#include <stddef.h>
#include <stdint.h>

#include "mc-catalog.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(McCatalog) catalog = mc_catalog_new_from_data ((const char *) data, (gssize) size, NULL);

  if (catalog != NULL)
    {
      GListModel *procedures = mc_catalog_get_procedures (catalog);
      guint n = g_list_model_get_n_items (procedures);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(McProcedure) p = g_list_model_get_item (procedures, i);

          if (mc_catalog_lookup (catalog, mc_procedure_get_code (p)) == NULL)
            __builtin_trap ();
        }
    }
  return 0;
}

/* outbox-fixture.h — a store of its own for each test of the outbox
 * (test-outbox.c, test-outbox-claim.c), and sample dossiers in it. */
#pragma once

#include "test-util.h"

#include <sqlite3.h>

#include "mc-store.h"
#include "store-sql.h"

typedef struct
{
  char    *dir;
  McStore *store;
} Fixture;

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  (void) data;
  f->dir = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  g_clear_object (&f->store);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static inline McDossier *
insert_sample (Fixture    *f,
               const char *name,
               const char *received)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_test_sample_dossier (name, "001185012345", received);

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "lan.nt", &error));
  g_assert_no_error (error);
  return d;
}

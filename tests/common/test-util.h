/* test-util.h — helpers shared by the tests: temporary data dirs, sample dossiers */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-core.h"

G_BEGIN_DECLS

/* A new empty temporary dir (removed with mc_test_rm_rf). */
static inline char *
mc_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("motcua-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
mc_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      mc_test_rm_rf (child);
    }
  g_rmdir (path);
}

/* A store in a fresh dir, set up as station @station of 000.00.12.H29. */
static inline McStore *
mc_test_open_store (const char *dir,
                    guint       station)
{
  g_autoptr(GError) error = NULL;
  McStore *store = mc_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  mc_store_set_station (store, "000.00.12.H29", "UBND xã Tân Lập", station, &error);
  g_assert_no_error (error);
  return store;
}

/* A valid dossier for the bundled procedure of birth registration. */
static inline McDossier *
mc_test_sample_dossier (const char *name,
                        const char *cccd,
                        const char *received_iso)
{
  McDossier *d = mc_dossier_new ();
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (received_iso, NULL);

  g_assert_nonnull (at);
  mc_dossier_set_procedure (d, "HT-KS", "Đăng ký khai sinh", 0);
  mc_dossier_set_applicant_name (d, name);
  mc_dossier_set_id (d, MC_ID_KIND_CCCD, cccd);
  mc_dossier_set_date_of_birth (d, "1985-03-02");
  mc_dossier_set_phone (d, "0912345678");
  mc_dossier_set_address (d, "Thôn 3, xã Tân Lập");
  mc_dossier_set_received_at (d, at);
  mc_dossier_set_due_date (d, "2026-11-24");
  mc_dossier_add_paper (d, mc_paper_new ("Tờ khai đăng ký khai sinh", MC_PAPER_FORM_ORIGINAL, 1));
  mc_dossier_add_paper (d, mc_paper_new ("Giấy chứng sinh", MC_PAPER_FORM_ORIGINAL, 1));
  return d;
}

G_END_DECLS

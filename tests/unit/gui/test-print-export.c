/* test-print-export.c — "Save as PDF…" without the file chooser, without a display
 *
 * A temporary store with a received dossier, opened through McContext as
 * the desk opens it; mc_print_export_pdf_async writes the receipt on the
 * context's worker, by UUID and by code. Also: a missing dossier fails
 * with the store's NOT_FOUND and writes nothing, and the forms offered
 * besides the receipt never include the receipt or the ledger.
 */
#include "test-util.h"

#include <string.h>

#include "mc-context.h"
#include "mc-print.h"

#define WAIT_SECONDS 20

typedef struct
{
  char      *dir;
  McContext *context;
  char      *uuid;
  char      *code;
} Fixture;

typedef struct
{
  gboolean      done;
  GAsyncResult *result;
} Waiter;

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s", WAIT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static void
waiter_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waiter *w = user_data;

  w->result = g_object_ref (result);
  w->done = TRUE;
}

static void
context_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->context = mc_context_open_finish (result, &error);
  g_assert_no_error (error);
}

static gboolean
context_open (gpointer data)
{
  return ((Fixture *) data)->context != NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  f->dir = mc_test_make_tmp_dir ();
  store = mc_test_open_store (f->dir, 1);
  d = mc_test_sample_dossier ("Nguyễn Thị Lan", "001085000123", "2026-11-17T09:15:00+07:00");
  g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
  g_assert_no_error (error);
  f->uuid = g_strdup (mc_dossier_get_uuid (d));
  f->code = g_strdup (mc_dossier_get_code (d));
  g_assert_nonnull (f->uuid);
  g_assert_nonnull (f->code);
  g_clear_object (&store);

  mc_context_open_async (f->dir, NULL, context_opened_cb, f);
  while (!context_open (f))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out opening the store");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->context);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->uuid);
  g_free (f->code);
}

static gboolean
export (Fixture     *f,
        const char  *uuid_or_code,
        const char  *path,
        GError     **error)
{
  Waiter w = { FALSE, NULL };
  gboolean ok;

  mc_print_export_pdf_async (f->context, MC_FORM_RECEIPT, uuid_or_code, path, NULL, waiter_cb, &w);
  wait_for (&w.done);
  ok = mc_print_export_pdf_finish (w.result, error);
  g_object_unref (w.result);
  return ok;
}

static void
assert_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "%PDF", 4) == 0);
  /* A whole file, not one cut short (memmem: the streams hold NUL bytes). */
  g_assert_nonnull (memmem (contents + length - 32, 32, "%%EOF", 5));
}

static void
test_export_by_uuid (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "receipt.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (export (f, f->uuid, path, &error));
  g_assert_no_error (error);
  assert_pdf (path);
}

static void
test_export_by_code (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *name = g_strdup_printf ("%s-bien-nhan.pdf", f->code);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  /* What the intake result page does: it knows the code it shows. */
  g_assert_true (export (f, f->code, path, &error));
  g_assert_no_error (error);
  assert_pdf (path);
}

static void
test_export_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "none.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (export (f, "000.00.12.H29-261117-9999", path, &error));
  g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_list_forms (Fixture       *f,
                 gconstpointer  data)
{
  Waiter w = { FALSE, NULL };
  g_autoptr(GPtrArray) forms = NULL;
  g_autoptr(GError) error = NULL;

  mc_print_list_forms_async (f->context, f->uuid, NULL, waiter_cb, &w);
  wait_for (&w.done);
  forms = mc_print_list_forms_finish (w.result, &error);
  g_object_unref (w.result);
  g_assert_no_error (error);
  g_assert_nonnull (forms);
  for (guint i = 0; i < forms->len; i++)
    {
      const McFormInfo *info = g_ptr_array_index (forms, i);

      g_assert_cmpint (info->kind, !=, MC_FORM_RECEIPT);
      g_assert_cmpint (info->kind, !=, MC_FORM_LEDGER);
      g_assert_nonnull (info->number);
      g_assert_nonnull (info->title);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/print/export/by-uuid", test_export_by_uuid);
  ADD ("/print/export/by-code", test_export_by_code);
  ADD ("/print/export/missing", test_export_missing);
  ADD ("/print/list-forms", test_list_forms);
#undef ADD

  return g_test_run ();
}

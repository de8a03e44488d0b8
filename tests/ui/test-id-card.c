/* test-id-card.c — the citizen's ID card QR in the intake form, typed by a "reader" (under Xvfb)
 *
 * USB 2D readers type the card's QR line as keystrokes ending with Enter;
 * xdotool does the same here through the X server (XTEST), so the line
 * goes through GTK's real key handling and input method, key by key, into
 * whichever field has the focus. Also the "Scan ID Card" popover (Ctrl+I),
 * the undo toast, a refused line, and a photo of the card.
 */
#include "test-util.h"

#include <stdio.h>
#include <string.h>
#include <gdk/x11/gdkx.h>
#include <qrencode.h>
#include "ui-util.h"

#include "mc-application.h"
#include "mc-intake-page.h"
#include "mc-window.h"

#define ANH  "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3, xã Tân Lập, Hà Nội|10052021"
#define MINH "049202001234||Lê Văn Minh|24022002|Nam|Cẩm Yên, Thạch Thất, Hà Nội|31052021"
/* The number says born in '85, the card says 1986. */
#define BAD  "001185012345|012345678|Đặng Thị Ánh|02031986|Nữ|Thôn 3, xã Tân Lập, Hà Nội|10052021"

static McApplication *app;
static McWindow *window;
static char *data_dir;
static GtkWidget *intake;

static GtkWidget *
win (void)
{
  return GTK_WIDGET (window);
}

static void
on_xdotool_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError **error = user_data;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "xdotool failed");
  g_object_set_data (source, "done", GINT_TO_POINTER (1));
}

/* Runs xdotool with @args while the main loop turns (the window must see
 * the keys as they come), giving it our window's X focus first. */
static void
xdotool (const char * const *args)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;

  /* The reader types into the X server: no other display will do. */
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_ptr_array_add (argv, "xdotool");
  g_ptr_array_add (argv, "windowfocus");
  g_ptr_array_add (argv, "--sync");
  g_ptr_array_add (argv, xid);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (proc, NULL, on_xdotool_done_cb, &error);
  mc_ui_wait_until (g_object_get_data (G_OBJECT (proc), "done") != NULL, 60, "xdotool");
  g_assert_no_error (error);
  mc_ui_settle (100);
}

/* Puts the letters of @text that the keyboard map lacks (Vietnamese ones,
 * on the server's US map) on spare keycodes, as a Vietnamese layout
 * would. Without them xdotool maps each one for a moment while typing it,
 * and a letter the window reads after the moment is lost (“Nữ” came in
 * as “N”). */
static void
map_letters (const char *text)
{
  Display *dpy = gdk_x11_display_get_xdisplay (gtk_widget_get_display (win ()));
  int min = 0, max = 0, per = 0;
  KeySym *map;
  int spare;

  XDisplayKeycodes (dpy, &min, &max);
  map = XGetKeyboardMapping (dpy, (KeyCode) min, max - min + 1, &per);
  spare = max;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      KeySym sym = c < 0x100 ? (KeySym) c : (KeySym) (0x01000000 | c);
      gboolean mapped = FALSE;

      if (c < 0x80)
        continue;
      for (int i = 0; i < (max - min + 1) * per && !mapped; i++)
        mapped = map[i] == sym;
      if (mapped)
        continue;
      /* A keycode with nothing on it, from the top. */
      for (; spare >= min; spare--)
        {
          gboolean empty = TRUE;

          for (int j = 0; j < per; j++)
            empty = empty && map[(spare - min) * per + j] == NoSymbol;
          if (empty)
            break;
        }
      g_assert_cmpint (spare, >=, min);
      for (int j = 0; j < per; j++)
        map[(spare - min) * per + j] = j < 2 ? sym : NoSymbol;
      XChangeKeyboardMapping (dpy, spare, per, map + (spare - min) * per, 1);
    }
  XFree (map);
  XSync (dpy, False);
  mc_ui_settle (100);
}

/* What a reader does: the line, then Enter. */
static void
reader_types (const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  const char *args[] = { "type", "--delay", "8", text, NULL };

  map_letters (line);
  xdotool (args);
}

static const char *
text_of (const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (intake, id)));
}

static void
set_text (const char *id,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (intake, id)), text);
}

static guint
id_kind (void)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (mc_ui_get (intake, "id_kind_row")));
}

/* Waits for @cond, telling what the fields hold if it never comes. */
#define wait_fields(cond, what)                                                             \
  G_STMT_START {                                                                            \
    gint64 _deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;                       \
    while (!(cond))                                                                         \
      {                                                                                     \
        if (g_get_monotonic_time () > _deadline)                                            \
          g_error ("timed out waiting for %s; name “%s”, number “%s”, phone “%s”, address “%s”, " \
                   "message “%s”", what, text_of ("full_name_row"), text_of ("id_number_row"), \
                   text_of ("phone_row"), text_of ("address_row"),                          \
                   gtk_label_get_text (GTK_LABEL (mc_ui_get (intake, "id_card_error"))));   \
        g_main_context_iteration (NULL, FALSE);                                             \
        g_usleep (1000);                                                                    \
      }                                                                                     \
  } G_STMT_END

static gboolean
refusal_shown (void)
{
  return gtk_widget_get_visible (mc_ui_get (intake, "id_card_error_row"));
}

/* No field holds any part of a card's line. */
static void
assert_no_bars (void)
{
  static const char * const ids[] = {
    "full_name_row", "id_number_row", "date_of_birth_row", "phone_row", "address_row", "email_row",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (strchr (text_of (ids[i]), '|') != NULL)
      g_error ("%s still holds “%s”", ids[i], text_of (ids[i]));
}

static void
assert_anh (void)
{
  g_assert_cmpstr (text_of ("full_name_row"), ==, "Đặng Thị Ánh");
  g_assert_cmpuint (id_kind (), ==, MC_ID_KIND_CCCD);
  g_assert_cmpstr (text_of ("id_number_row"), ==, "001185012345");
  g_assert_cmpstr (text_of ("date_of_birth_row"), ==, "02/03/1985");
  g_assert_cmpstr (text_of ("address_row"), ==, "Thôn 3, xã Tân Lập, Hà Nội");
}

/* Something else in the applicant fields, with another kind of ID. */
static void
fill_other (void)
{
  set_text ("full_name_row", "Trần Văn Bình");
  adw_combo_row_set_selected (ADW_COMBO_ROW (mc_ui_get (intake, "id_kind_row")), MC_ID_KIND_PASSPORT);
  set_text ("id_number_row", "C1234567");
  set_text ("date_of_birth_row", "15/06/1990");
  set_text ("address_row", "Xóm 2, xã Tân Lập");
  set_text ("phone_row", "0912345678");
  /* The clerk's typing is over before the reader starts: the desk tells a
   * reader's burst from the clerk's keys by their pace (keys under 500 ms
   * apart), so a reader starting within 500 ms of these changes would count
   * them as its own and put back what the fields held before them. Seen
   * under load when the reader's letters were already mapped. */
  mc_ui_settle (700);
}

static void
assert_other (void)
{
  g_assert_cmpstr (text_of ("full_name_row"), ==, "Trần Văn Bình");
  g_assert_cmpuint (id_kind (), ==, MC_ID_KIND_PASSPORT);
  g_assert_cmpstr (text_of ("id_number_row"), ==, "C1234567");
  g_assert_cmpstr (text_of ("date_of_birth_row"), ==, "15/06/1990");
  g_assert_cmpstr (text_of ("address_row"), ==, "Xóm 2, xã Tân Lập");
  g_assert_cmpstr (text_of ("phone_row"), ==, "0912345678");
}

/* The draft as the store holds it, after the page wrote it out. */
static char *
flushed_draft (const char *must_hold)
{
  McStore *store = mc_context_get_store (mc_window_get_context (window));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  mc_intake_page_flush_draft (MC_INTAKE_PAGE (intake));
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) drafts = mc_store_list_drafts (store, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < drafts->len; i++)
        if (strstr (((McDraft *) drafts->pdata[i])->data, must_hold) != NULL)
          return g_strdup (((McDraft *) drafts->pdata[i])->data);
      if (g_get_monotonic_time () > deadline)
        g_error ("no draft holds “%s”", must_hold);
      mc_ui_settle (50);
    }
}

/* The buttons labelled @label (translated) under @root, into @found. */
static void
find_buttons (GtkWidget  *root,
              const char *label,
              GPtrArray  *found)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_buttons (child, label, found);
}

/* The undo button of the one toast shown (an earlier one, dismissed, may
 * still be fading out). */
static GtkWidget *
wait_undo_button (void)
{
  const char *label = g_dgettext (GETTEXT_PACKAGE, "_Undo");
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  GtkWidget *seen = NULL;

  /* A toast dismissed by the new one (the last card's, still up for its 10
   * seconds) stays in the tree while it hides, alone for a moment: the
   * button must still be the only one, and the same, half a second later. */
  for (;;)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new ();

      find_buttons (win (), label, found);
      if (found->len == 1 && found->pdata[0] == seen)
        return seen;
      seen = found->len == 1 ? found->pdata[0] : NULL;
      if (g_get_monotonic_time () > deadline)
        g_error ("%u buttons “%s”, not one", found->len, label);
      mc_ui_settle (seen != NULL ? 500 : 50);
    }
}

static void
test_open_intake (void)
{
  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "dossiers") == 0, 20, "the dossier list");
  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "intake") == 0, 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  g_assert_nonnull (intake);
  mc_ui_settle (200);
}

/* Typed into the phone field, which held a number: the applicant is the
 * card's, the phone field keeps its number, no "|" anywhere, nor in the draft. */
static void
test_typed_into_field (void)
{
  g_autofree char *draft = NULL;

  fill_other ();
  set_text ("full_name_row", "");
  set_text ("address_row", "");
  gtk_widget_grab_focus (mc_ui_get (intake, "phone_row"));
  mc_ui_settle (50);

  reader_types (ANH);
  wait_fields (g_strcmp0 (text_of ("full_name_row"), "Đặng Thị Ánh") == 0, "the name from the card");
  assert_anh ();
  g_assert_cmpstr (text_of ("phone_row"), ==, "0912345678");
  g_assert_false (refusal_shown ());
  assert_no_bars ();
  /* The reader's Enter did not move on: the clerk's place is kept. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), mc_ui_get (intake, "phone_row")));
  mc_ui_snap ("id-card-filled");

  draft = flushed_draft ("Đặng Thị Ánh");
  g_assert_null (strchr (draft, '|'));
  g_assert_nonnull (strstr (draft, "0912345678"));
  g_assert_nonnull (strstr (draft, "02/03/1985"));
}

/* A refused line fills nothing, says why, and the field keeps its text. */
static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McIdCard) card = mc_id_card_parse (BAD, -1, NULL, &error);
  const char *shown;

  g_assert_null (card);
  g_assert_nonnull (error);

  fill_other ();
  gtk_widget_grab_focus (mc_ui_get (intake, "address_row"));
  mc_ui_settle (50);
  reader_types (BAD);
  wait_fields (refusal_shown (), "the reason the card was refused");

  shown = gtk_label_get_text (GTK_LABEL (mc_ui_get (intake, "id_card_error")));
  if (strstr (shown, error->message) == NULL)
    g_error ("the message “%s” does not say “%s”", shown, error->message);
  assert_other ();
  assert_no_bars ();
  g_assert_true (gtk_widget_has_css_class (mc_ui_get (intake, "address_row"), "error"));
  mc_ui_snap ("id-card-refused");

  /* The clerk types on: the message goes. */
  gtk_editable_set_text (GTK_EDITABLE (mc_ui_get (intake, "address_row")), "Xóm 3, xã Tân Lập");
  mc_ui_settle (50);
  g_assert_false (refusal_shown ());
}

/* Ctrl+I opens the popover with its field focused; the reader types into
 * it; the toast's Undo puts the applicant back. */
static void
test_ctrl_i_and_undo (void)
{
  const char *ctrl_i[] = { "key", "ctrl+i", NULL };
  GtkWidget *popover = mc_ui_get (intake, "id_card_popover");
  GtkWidget *entry = mc_ui_get (intake, "id_card_entry");
  GtkWidget *undo;

  fill_other ();
  gtk_widget_grab_focus (mc_ui_get (intake, "full_name_row"));
  mc_ui_settle (50);
  g_assert_false (gtk_widget_get_visible (popover));

  xdotool (ctrl_i);
  mc_ui_wait_until (gtk_widget_get_visible (popover), 10, "the Scan ID Card popover");
  mc_ui_wait_until (gtk_widget_has_focus (gtk_widget_get_first_child (entry)) || gtk_widget_has_focus (entry), 10,
                    "the focus in the popover's field");
  /* Nothing filled yet. */
  assert_other ();
  mc_ui_snap ("id-card-popover");

  reader_types (MINH);
  wait_fields (g_strcmp0 (text_of ("full_name_row"), "Lê Văn Minh") == 0, "the name from the card");
  g_assert_cmpuint (id_kind (), ==, MC_ID_KIND_CCCD);
  g_assert_cmpstr (text_of ("id_number_row"), ==, "049202001234");
  g_assert_cmpstr (text_of ("date_of_birth_row"), ==, "24/02/2002");
  g_assert_cmpstr (text_of ("address_row"), ==, "Cẩm Yên, Thạch Thất, Hà Nội");
  g_assert_cmpstr (text_of ("phone_row"), ==, "0912345678");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  mc_ui_wait_until (!gtk_widget_get_visible (popover), 10, "the popover closed");

  undo = wait_undo_button ();
  mc_ui_wait_until (gtk_widget_get_mapped (undo) && gtk_widget_is_sensitive (undo), 10, "the Undo button shown");
  g_assert_true (gtk_widget_activate (undo));
  wait_fields (g_strcmp0 (text_of ("full_name_row"), "Trần Văn Bình") == 0, "the applicant from before the card");
  assert_other ();
}

/* Writes @text as a QR code into a PNG (4 pixels a module, quiet zone). */
static void
write_qr_png (const char *text,
              const char *path)
{
  QRcode *qr = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
  int scale = 4, margin = 4, side;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *pixels;
  int stride;

  g_assert_nonnull (qr);
  side = (qr->width + 2 * margin) * scale;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        for (int dy = 0; dy < scale; dy++)
          memset (pixels + (gsize) ((y + margin) * scale + dy) * stride + (gsize) (x + margin) * scale * 3,
                  0, (gsize) scale * 3);
  QRcode_free (qr);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

/* A photo of the card; a picture without a code says so. */
static void
test_image (void)
{
  g_autofree char *good = g_build_filename (data_dir, "anh.png", NULL);
  g_autofree char *blank = g_build_filename (data_dir, "blank.png", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) blank_file = g_file_new_for_path (blank);
  g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 200);
  g_autoptr(GError) error = NULL;

  write_qr_png (ANH, good);
  gdk_pixbuf_fill (white, 0xffffffff);
  gdk_pixbuf_save (white, blank, "png", &error, NULL);
  g_assert_no_error (error);

  fill_other ();
  mc_intake_page_read_id_card_image (MC_INTAKE_PAGE (intake), blank_file);
  mc_ui_wait_until (refusal_shown (), 20, "the reason the picture was refused");
  assert_other ();

  mc_intake_page_read_id_card_image (MC_INTAKE_PAGE (intake), good_file);
  mc_ui_wait_until (g_strcmp0 (text_of ("full_name_row"), "Đặng Thị Ánh") == 0, 20, "the name from the photo");
  assert_anh ();
  g_assert_false (refusal_shown ());
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* Criticals stay fatal; GTK warns about focus events that Xvfb without
   * a window manager never sends, which is no fault of ours. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  data_dir = mc_test_make_tmp_dir ();
  g_object_unref (mc_test_open_store (data_dir, 1));
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);

  g_test_add_func ("/id-card/open-intake", test_open_intake);
  g_test_add_func ("/id-card/typed-into-field", test_typed_into_field);
  g_test_add_func ("/id-card/refused", test_refused);
  g_test_add_func ("/id-card/ctrl-i-and-undo", test_ctrl_i_and_undo);
  g_test_add_func ("/id-card/image", test_image);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  g_free (data_dir);
  return status;
}

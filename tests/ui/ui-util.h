/* ui-util.h — driving the real window in UI tests */
#pragma once

#include <adwaita.h>

#include "mc-application.h"
#include "mc-window.h"

G_BEGIN_DECLS

/* Iterates the main loop until @cond (evaluated each turn) holds, at most
 * @seconds; fails the test with @what otherwise. */
#define mc_ui_wait_until(cond, seconds, what)                                   \
  G_STMT_START {                                                                \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC;    \
    while (!(cond))                                                             \
      {                                                                         \
        if (g_get_monotonic_time () > _deadline)                                \
          g_error ("timed out waiting for %s", what);                           \
        g_main_context_iteration (NULL, FALSE);                                 \
        g_usleep (1000);                                                        \
      }                                                                         \
  } G_STMT_END

/* Lets pending redraws, idles and async results run for a moment. */
static inline void
mc_ui_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* The descendant of @root (widgets, including popovers' children) whose
 * GtkBuilder id is @id, or NULL. */
static inline GtkWidget *
mc_ui_find (GtkWidget  *root,
            const char *id)
{
  const char *bid = gtk_buildable_get_buildable_id (GTK_BUILDABLE (root));

  if (g_strcmp0 (bid, id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_ui_find (child, id);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first descendant of @root of @type, or NULL. */
static inline GtkWidget *
mc_ui_find_type (GtkWidget *root,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mc_ui_find_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline GtkWidget *
mc_ui_get (GtkWidget  *root,
           const char *id)
{
  GtkWidget *w = mc_ui_find (root, id);

  if (w == NULL)
    g_error ("no widget with the id “%s”", id);
  return w;
}

static inline void
mc_ui_type (GtkWidget  *root,
            const char *id,
            const char *text)
{
  GtkWidget *w = mc_ui_get (root, id);

  gtk_widget_grab_focus (w);
  gtk_editable_set_text (GTK_EDITABLE (w), text);
  mc_ui_settle (20);
}

/* With $MOTCUA_SCREENSHOT_DIR set: the whole screen at this point as
 * DIR/NAME.png (ImageMagick's import), for people to look at. */
static inline void
mc_ui_snap (const char *name)
{
  const char *dir = g_getenv ("MOTCUA_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  mc_ui_settle (600);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  {
    const char *argv[] = { "import", "-window", "root", path, NULL };
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("screenshot %s: %s", path, error->message);
  }
}

/* The application @app_id on @data_dir, registered (not unique) and
 * activated: its window. */
static inline McWindow *
mc_ui_start_app (const char      *app_id,
                 const char      *data_dir,
                 McApplication  **out_app)
{
  McApplication *app = g_object_new (MC_TYPE_APPLICATION,
                                     "application-id", app_id,
                                     "flags", G_APPLICATION_NON_UNIQUE,
                                     "resource-base-path", "/io/github/motcua/Desk",
                                     NULL);
  McWindow *window;

  mc_application_set_data_dir (app, data_dir);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_activate (G_APPLICATION (app));
  window = MC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  *out_app = app;
  return window;
}

/* The message dialog shown (AdwMessageDialog, visible), or NULL. */
static inline AdwMessageDialog *
mc_ui_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* Waits (at most 10 s) for a message dialog to be shown. */
static inline AdwMessageDialog *
mc_ui_wait_message_dialog (void)
{
  AdwMessageDialog *found = NULL;

  mc_ui_wait_until ((found = mc_ui_message_dialog ()) != NULL, 10, "a message dialog");
  mc_ui_settle (10);
  return found;
}

G_END_DECLS

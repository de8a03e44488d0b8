/* test-desk.h — what test-desk.c and test-desk-list.c share: the one desk
 * window their tests drive, in order (test-desk.c's main () registers them) */
#pragma once

#include <gtk/gtk.h>

#include "mc-window.h"

extern McWindow *window;
/* The code of the dossier the intake test saved. */
extern char *saved_code;

GtkWidget *win          (void);
/* The window's child with this id. */
GtkWidget *page         (const char *id);
/* The focus is on @id or inside it. */
gboolean   focus_in     (GtkWidget  *root,
                         const char *id);
/* A key as a widget's key controller hears it. */
gboolean   press_key_in (GtkWidget  *widget,
                         guint       keyval);

/* Registers test-desk-list.c's tests. */
void       desk_add_list_tests (void);

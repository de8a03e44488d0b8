/* mc-scan-page-tile.c — one scanned page in the scan dialog's flow box */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-scan-page-tile.h"

#define THUMBNAIL_SIZE 180

/* A cairo RGB24 thumbnail as a texture: its unused byte made opaque. */
static GdkTexture *
texture_for_page (McPage *page)
{
  cairo_surface_t *surface = mc_page_get_cairo_surface (page, THUMBNAIL_SIZE);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data;

  cairo_surface_flush (surface);
  data = g_memdup2 (cairo_image_surface_get_data (surface), (gsize) stride * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      data[y * stride + x * 4 + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 3 : 0)] = 0xff;
  cairo_surface_destroy (surface);
  bytes = g_bytes_new_take (data, (gsize) stride * height);
  return gdk_memory_texture_new (width, height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8 : GDK_MEMORY_A8R8G8B8,
                                 bytes, stride);
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    gpointer       user_data)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GdkPaintable *icon = g_object_get_data (G_OBJECT (tile), "mc-texture");

  if (icon != NULL)
    gtk_drag_source_set_icon (source, icon, (int) x, (int) y);
  return gdk_content_provider_new_typed (MC_TYPE_PAGE, g_object_get_data (G_OBJECT (tile), "mc-page"));
}

static gboolean
on_drop_cb (GtkDropTarget *target,
            const GValue  *value,
            double         x,
            double         y,
            gpointer       user_data)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  McScanTileMoveFunc move = (McScanTileMoveFunc) g_object_get_data (G_OBJECT (tile), "mc-move");
  int to = gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (tile));

  if (!G_VALUE_HOLDS (value, MC_TYPE_PAGE) || to < 0 || move == NULL)
    return FALSE;
  return move (user_data, g_value_get_object (value), (guint) to);
}

GtkWidget *
mc_scan_page_tile_new (McPage             *page,
                       guint               index,
                       guint               n_pages,
                       McScanTileMoveFunc  move,
                       gpointer            user_data)
{
  g_autoptr(GdkTexture) texture = texture_for_page (page);
  g_autofree char *label = g_strdup_printf (_("Page %u"), index + 1);
  g_autofree char *a11y = g_strdup_printf (_("Page %u of %u"), index + 1, n_pages);
  GtkWidget *tile = gtk_flow_box_child_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (MC_TYPE_PAGE, GDK_ACTION_MOVE);

  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE * 3 / 4, THUMBNAIL_SIZE);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_widget_add_css_class (box, "scan-page");
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (tile), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y, -1);
  g_object_set_data_full (G_OBJECT (tile), "mc-texture", g_object_ref (texture), g_object_unref);
  g_object_set_data_full (G_OBJECT (tile), "mc-page", g_object_ref (page), g_object_unref);
  g_object_set_data (G_OBJECT (tile), "mc-move", (gpointer) move);

  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare_cb), NULL);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop_cb), user_data);
  gtk_widget_add_controller (tile, GTK_EVENT_CONTROLLER (drop));
  return tile;
}

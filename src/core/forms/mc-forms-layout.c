/* mc-forms-layout.c — blocks to items to pages, and drawing them on cairo */
#define G_LOG_DOMAIN "motcua-forms"

#include "config.h"

#include <math.h>
#include <qrencode.h>
#include <string.h>

#include "mc-forms-private.h"

#define CELL_PAD 3.0
#define RULE_WIDTH 0.6
#define QR_SIZE MC_MM (18)   /* 0.5 mm a module for a 21-character code: phones read it */
#define QR_QUIET 4   /* modules of white around the code, as ISO/IEC 18004 asks */

/* ---- blocks ---- */

McFormBlock *
mc_form_add_block (McFormDoc   *doc,
                   McBlockKind  kind)
{
  McFormBlock *b = g_new0 (McFormBlock, 1);

  b->kind = kind;
  b->align = PANGO_ALIGN_LEFT;
  b->scale = 1.0;
  b->space_before = 2.0;
  g_ptr_array_add (doc->blocks, b);
  return b;
}

McFormBlock *
mc_form_add_para (McFormDoc  *doc,
                  const char *markup)
{
  McFormBlock *b = mc_form_add_block (doc, MC_BLOCK_PARA);

  b->markup[0] = g_strdup (markup);
  return b;
}

void
mc_form_add_space (McFormDoc *doc,
                   double     points)
{
  McFormBlock *b = mc_form_add_block (doc, MC_BLOCK_SPACE);

  b->space_before = points;
}

McFormBlock *
mc_form_add_table (McFormDoc            *doc,
                   guint                 n_cols,
                   const double         *weights,
                   const PangoAlignment *aligns,
                   const char * const   *header)
{
  McFormBlock *b = mc_form_add_block (doc, MC_BLOCK_TABLE);

  b->n_cols = n_cols;
  b->weights = g_memdup2 (weights, sizeof (double) * n_cols);
  b->aligns = g_memdup2 (aligns, sizeof (PangoAlignment) * n_cols);
  b->header = g_new0 (char *, n_cols + 1);
  for (guint i = 0; i < n_cols; i++)
    b->header[i] = g_strdup (header[i]);
  b->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  b->space_before = 4.0;
  return b;
}

void
mc_form_table_add_row (McFormBlock  *table,
                       char        **cells)
{
  g_ptr_array_add (table->rows, cells);
}

void
mc_form_block_free (McFormBlock *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (b->markup); i++)
    g_free (b->markup[i]);
  g_free (b->qr_text);
  g_free (b->weights);
  g_free (b->aligns);
  g_strfreev (b->header);
  g_clear_pointer (&b->rows, g_ptr_array_unref);
  g_free (b);
}

/* ---- items ---- */

static McFormItem *
item_new (void)
{
  McFormItem *item = g_new0 (McFormItem, 1);

  item->cells = g_ptr_array_new ();
  item->rules = g_array_new (FALSE, TRUE, sizeof (McFormRule));
  return item;
}

static void
cell_free (McFormCell *cell)
{
  g_object_unref (cell->layout);
  g_free (cell);
}

void
mc_form_item_free (McFormItem *item)
{
  g_ptr_array_set_free_func (item->cells, (GDestroyNotify) cell_free);
  g_ptr_array_unref (item->cells);
  g_array_unref (item->rules);
  g_free (item->qr_text);
  g_free (item);
}

static void
item_add_cell (McFormItem  *item,
               PangoLayout *layout,
               int          first,
               int          last,
               double       x,
               double       y)
{
  McFormCell *cell = g_new0 (McFormCell, 1);

  cell->layout = g_object_ref (layout);
  cell->first = first;
  cell->last = last;
  cell->x = x;
  cell->y = y;
  g_ptr_array_add (item->cells, cell);
}

static void
item_add_rule (McFormItem *item,
               double      x0,
               double      y0,
               double      x1,
               double      y1)
{
  McFormRule r = { x0, y0, x1, y1, RULE_WIDTH };

  g_array_append_val (item->rules, r);
}

static PangoLayout *
make_layout (McFormDoc      *doc,
             const char     *markup,
             double          width,
             double          scale,
             PangoAlignment  align)
{
  PangoLayout *layout = pango_layout_new (doc->context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (MC_FORMS_FONT);

  pango_font_description_set_size (font, (int) (doc->body_size * scale * PANGO_SCALE + 0.5));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup != NULL ? markup : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

/* Bottom of line @line (from 0; -1: last) of @layout, from its top. */
static double
line_bottom (PangoLayout *layout,
             int          line)
{
  PangoLayoutIter *it = pango_layout_get_iter (layout);
  PangoRectangle log = { 0 };
  int i = 0;

  do
    {
      pango_layout_iter_get_line_extents (it, NULL, &log);
      if (i == line)
        break;
      i++;
    }
  while (pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
  return (double) (log.y + log.height) / PANGO_SCALE;
}

/* Width of line @line (logical), and its left edge. */
static void
line_span (PangoLayout *layout,
           int          line,
           double      *x,
           double      *width)
{
  PangoLayoutIter *it = pango_layout_get_iter (layout);
  PangoRectangle log = { 0 };
  int i = 0;

  do
    {
      pango_layout_iter_get_line_extents (it, NULL, &log);
      if (i == line)
        break;
      i++;
    }
  while (pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
  *x = (double) log.x / PANGO_SCALE;
  *width = (double) log.width / PANGO_SCALE;
}

static void
add_item (McFormDoc  *doc,
          McFormItem *item)
{
  g_ptr_array_add (doc->items, item);
}

/* Unit left, national heading right; a short rule under the unit's name and
 * one as long as "Độc lập - Tự do - Hạnh phúc" under it; then the number and
 * the place and date on one row. */
static void
layout_heading (McFormDoc   *doc,
                McFormBlock *b,
                double       width)
{
  McFormItem *item = item_new ();
  double left_w = width * 0.4, right_w = width * 0.6 - 4;
  g_autoptr(PangoLayout) unit = make_layout (doc, b->markup[0], left_w, 0.95, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) nation = NULL;
  g_autoptr(PangoLayout) number = make_layout (doc, b->markup[2], left_w, 1.0, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) place = make_layout (doc, b->markup[3], right_w, 1.0, PANGO_ALIGN_CENTER);
  double unit_h, nation_h, scale = 0.95;

  /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" stays on one line, as printed:
   * smaller type on narrow paper rather than a break. */
  for (;;)
    {
      nation = make_layout (doc, b->markup[1], right_w, scale, PANGO_ALIGN_CENTER);
      if (pango_layout_get_line_count (nation) <= 2 || scale < 0.7)
        break;
      g_clear_object (&nation);
      scale -= 0.05;
    }
  unit_h = layout_height (unit);
  nation_h = layout_height (nation);
  double top_h = MAX (unit_h, nation_h) + 8;
  double lx, lw, rule_y;

  item_add_cell (item, unit, 0, -1, 0, 0);
  item_add_cell (item, nation, 0, -1, width - right_w, 0);
  rule_y = unit_h + 2;
  item_add_rule (item, left_w * 0.33, rule_y, left_w * 0.67, rule_y);
  line_span (nation, pango_layout_get_line_count (nation) - 1, &lx, &lw);
  rule_y = line_bottom (nation, -1) + 2;
  item_add_rule (item, width - right_w + lx, rule_y, width - right_w + lx + lw, rule_y);

  item_add_cell (item, number, 0, -1, 0, top_h);
  item_add_cell (item, place, 0, -1, width - right_w, top_h);
  item->height = top_h + MAX (layout_height (number), layout_height (place));
  item->space_before = 0;
  add_item (doc, item);
}

static void
layout_para (McFormDoc   *doc,
             McFormBlock *b,
             double       width)
{
  g_autoptr(PangoLayout) layout = make_layout (doc, b->markup[0], width - b->indent, b->scale, b->align);
  PangoLayoutIter *it = pango_layout_get_iter (layout);
  int n = pango_layout_get_line_count (layout);
  int i = 0;

  /* One item per line, so a long paragraph flows onto the next page. */
  do
    {
      PangoRectangle log;
      McFormItem *item = item_new ();

      pango_layout_iter_get_line_extents (it, NULL, &log);
      item_add_cell (item, layout, i, i, b->indent, 0);
      item->height = (double) log.height / PANGO_SCALE;
      item->space_before = i == 0 ? b->space_before : 0;
      /* Keep a paragraph of up to three lines whole, and the last line
       * with what follows when asked. */
      item->keep_with_next = (i < n - 1 && n <= 3) || (i == n - 1 && b->keep_with_next);
      add_item (doc, item);
      i++;
    }
  while (pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
}

static McFormItem *
table_row (McFormDoc      *doc,
           McFormBlock    *b,
           double          width,
           char          **cells,
           gboolean        header)
{
  McFormItem *item = item_new ();
  double total = 0, x = 0, h = 0;

  for (guint c = 0; c < b->n_cols; c++)
    total += b->weights[c];
  for (guint c = 0; c < b->n_cols; c++)
    {
      double w = width * b->weights[c] / total;
      g_autofree char *bold = header ? g_strdup_printf ("<b>%s</b>", cells[c]) : NULL;
      g_autoptr(PangoLayout) layout = make_layout (doc, header ? bold : cells[c], w - 2 * CELL_PAD,
                                                   b->scale, header ? PANGO_ALIGN_CENTER : b->aligns[c]);

      item_add_cell (item, layout, 0, -1, x + CELL_PAD, CELL_PAD);
      h = MAX (h, layout_height (layout));
      x += w;
    }
  item->height = h + 2 * CELL_PAD;
  x = 0;
  for (guint c = 0; c <= b->n_cols; c++)
    {
      /* The outer rules sit half a rule inside the text column. */
      double rx = CLAMP (x, RULE_WIDTH / 2, width - RULE_WIDTH / 2);

      item_add_rule (item, rx, 0, rx, item->height);
      if (c < b->n_cols)
        x += width * b->weights[c] / total;
    }
  /* Each row rules its bottom; the header its top too (it starts the table
   * on every page). Rules stay inside the row, so inside the page. */
  if (header)
    item_add_rule (item, 0, RULE_WIDTH / 2, width, RULE_WIDTH / 2);
  item_add_rule (item, 0, item->height - RULE_WIDTH / 2, width, item->height - RULE_WIDTH / 2);
  item->table_header = header;
  return item;
}

static void
layout_table (McFormDoc   *doc,
              McFormBlock *b,
              double       width,
              guint        table_id)
{
  McFormItem *header = table_row (doc, b, width, b->header, TRUE);

  header->table = table_id;
  header->space_before = b->space_before;
  header->keep_with_next = TRUE;
  g_hash_table_insert (doc->table_headers, GUINT_TO_POINTER (table_id), header);
  add_item (doc, header);
  for (guint r = 0; r < b->rows->len; r++)
    {
      McFormItem *row = table_row (doc, b, width, g_ptr_array_index (b->rows, r), FALSE);

      row->table = table_id;
      add_item (doc, row);
    }
}

static void
layout_signatures (McFormDoc   *doc,
                   McFormBlock *b,
                   double       width)
{
  McFormItem *item = item_new ();
  double col_w = width / b->n_cols, h = 0;

  /* A single signature block sits on the right half, as on the forms. */
  if (b->n_cols == 1)
    col_w = width * 0.5;
  for (guint c = 0; c < b->n_cols; c++)
    {
      g_autoptr(PangoLayout) layout = make_layout (doc, b->markup[c], col_w - 4, b->scale, PANGO_ALIGN_CENTER);
      double x = b->n_cols == 1 ? width * 0.5 : c * col_w;

      item_add_cell (item, layout, 0, -1, x + 2, 0);
      h = MAX (h, layout_height (layout));
    }
  item->height = MAX (h, b->min_height);
  item->space_before = b->space_before;
  add_item (doc, item);
}

static void
layout_qr (McFormDoc   *doc,
           McFormBlock *b,
           double       width)
{
  McFormItem *item = item_new ();
  g_autoptr(PangoLayout) text = make_layout (doc, b->markup[0], width - QR_SIZE - 8, b->scale, b->align);
  double th = layout_height (text);

  item->height = MAX (th, QR_SIZE);
  item_add_cell (item, text, 0, -1, 0, (item->height - th) / 2);
  item->qr_text = g_strdup (b->qr_text);
  item->qr_x = width - QR_SIZE;
  item->qr_y = 0;
  item->qr_size = QR_SIZE;
  item->space_before = b->space_before;
  add_item (doc, item);
}

static void
layout_blocks (McFormDoc *doc,
               double     width)
{
  guint table_id = 0;

  for (guint i = 0; i < doc->blocks->len; i++)
    {
      McFormBlock *b = g_ptr_array_index (doc->blocks, i);

      switch (b->kind)
        {
        case MC_BLOCK_HEADING: layout_heading (doc, b, width); break;
        case MC_BLOCK_PARA: layout_para (doc, b, width); break;
        case MC_BLOCK_TABLE: layout_table (doc, b, width, ++table_id); break;
        case MC_BLOCK_SIGNATURES: layout_signatures (doc, b, width); break;
        case MC_BLOCK_QR: layout_qr (doc, b, width); break;
        case MC_BLOCK_SPACE:
          {
            McFormItem *item = item_new ();
            item->space_before = b->space_before;
            add_item (doc, item);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static double
footer_height (McFormDoc *doc)
{
  return doc->body_size * 1.6;
}

/* ---- pages ---- */

static GArray *
new_page (McFormDoc *doc)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (McFormPlaced));

  g_ptr_array_add (doc->pages, page);
  return page;
}

static void
place_items (McFormDoc *doc)
{
  double top = doc->margin_top;
  double bottom = doc->height - doc->margin_bottom - (doc->page_numbers ? footer_height (doc) : 0);
  GArray *page = new_page (doc);
  double y = top;

  for (guint i = 0; i < doc->items->len; i++)
    {
      McFormItem *item = g_ptr_array_index (doc->items, i);
      double need = item->space_before + item->height;
      McFormPlaced placed;

      /* Keep-with-next chains (a table's caption, header and first row). */
      for (guint j = i; j + 1 < doc->items->len; j++)
        {
          McFormItem *a = g_ptr_array_index (doc->items, j);
          McFormItem *n = g_ptr_array_index (doc->items, j + 1);
          if (!a->keep_with_next)
            break;
          need += n->space_before + n->height;
        }

      if (y + need > bottom && page->len > 0)
        {
          page = new_page (doc);
          y = top;
          if (item->table != 0 && !item->table_header)
            {
              McFormItem *header = g_hash_table_lookup (doc->table_headers, GUINT_TO_POINTER (item->table));
              McFormPlaced h = { header, y };
              g_array_append_val (page, h);
              y += header->height;
            }
        }
      if (page->len > 0)
        y += item->space_before;
      placed.item = item;
      placed.y = y;
      g_array_append_val (page, placed);
      y += item->height;
    }

  if (!doc->page_numbers && doc->pages->len > 1)
    {
      /* Room for the page numbers changes the breaks: lay out again. */
      doc->page_numbers = TRUE;
      g_ptr_array_set_size (doc->pages, 0);
      place_items (doc);
    }
}

void
mc_form_layout_paginate (McFormDoc *doc)
{
  g_autoptr(PangoFontMap) map = NULL;
  cairo_font_options_t *options = cairo_font_options_create ();

  if (doc->context == NULL)
    {
      /* Unhinted metrics: the same line breaks on screen, in PDF and on paper. */
      map = pango_cairo_font_map_new ();
      doc->context = pango_font_map_create_context (map);
      pango_cairo_context_set_resolution (doc->context, 72.0);
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (doc->context, options);
      pango_context_set_round_glyph_positions (doc->context, FALSE);
    }
  cairo_font_options_destroy (options);

  g_ptr_array_set_size (doc->items, 0);
  g_ptr_array_set_size (doc->pages, 0);
  g_hash_table_remove_all (doc->table_headers);
  layout_blocks (doc, doc->width - doc->margin_left - doc->margin_right);
  place_items (doc);
}

/* ---- drawing ---- */

typedef void (*LineFunc) (PangoLayoutLine *line, double x, double baseline,
                          const PangoRectangle *box, gpointer data);

/* Calls @func for each line of @cell placed with its item's top at @oy,
 * with the line's box (logical ∪ ink) in page coordinates. */
static void
cell_foreach_line (McFormCell *cell,
                   double      ox,
                   double      oy,
                   LineFunc    func,
                   gpointer    data)
{
  PangoLayoutIter *it = pango_layout_get_iter (cell->layout);
  int i = 0, top = 0;

  do
    {
      PangoRectangle ink, log, box;
      double x, base;

      if (i < cell->first)
        continue;
      if (cell->last >= 0 && i > cell->last)
        break;
      pango_layout_iter_get_line_extents (it, &ink, &log);
      if (i == cell->first)
        top = log.y;
      box = log;
      if (ink.width > 0 && ink.height > 0)
        {
          int x1 = MAX (log.x + log.width, ink.x + ink.width);
          int y1 = MAX (log.y + log.height, ink.y + ink.height);

          box.x = MIN (log.x, ink.x);
          box.y = MIN (log.y, ink.y);
          box.width = x1 - box.x;
          box.height = y1 - box.y;
        }
      x = ox + cell->x;
      base = oy + cell->y + (double) (pango_layout_iter_get_baseline (it) - top) / PANGO_SCALE;
      box.x = (int) (x * PANGO_SCALE) + box.x;
      box.y = (int) ((oy + cell->y) * PANGO_SCALE) + box.y - top;
      func (pango_layout_iter_get_line_readonly (it), x + (double) log.x / PANGO_SCALE, base, &box, data);
    }
  while (i++, pango_layout_iter_next_line (it));
  pango_layout_iter_free (it);
}

static void
draw_line_cb (PangoLayoutLine      *line,
              double                x,
              double                baseline,
              const PangoRectangle *box,
              gpointer              data)
{
  cairo_t *cr = data;

  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, line);
}

static void
draw_qr (cairo_t    *cr,
         const char *text,
         double      x,
         double      y,
         double      size)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;

  if (qr == NULL)
    {
      g_warning ("QRcode_encodeString failed for “%s”", text);
      return;
    }
  module = size / (qr->width + 2 * QR_QUIET);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int r = 0; r < qr->width; r++)
    for (int c = 0; c < qr->width; c++)
      if (qr->data[r * qr->width + c] & 1)
        cairo_rectangle (cr, x + (c + QR_QUIET) * module, y + (r + QR_QUIET) * module, module, module);
  /* Winding fill of abutting squares leaves no hairlines between them. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
  QRcode_free (qr);
}

static void
draw_footer (McFormDoc *doc,
             cairo_t   *cr,
             guint      page)
{
  g_autofree char *text = g_strdup_printf ("Trang %u/%u", page + 1, doc->pages->len);
  g_autoptr(PangoLayout) layout = make_layout (doc, text, doc->width - doc->margin_left - doc->margin_right,
                                               0.85, PANGO_ALIGN_CENTER);

  cairo_move_to (cr, doc->margin_left, doc->height - doc->margin_bottom - layout_height (layout));
  pango_cairo_show_layout (cr, layout);
}

/* In the top margin, right-aligned, in italics. */
static void
draw_copy_mark (McFormDoc *doc,
                cairo_t   *cr)
{
  g_autofree char *markup = g_markup_printf_escaped ("<i>%s</i>", doc->copy_mark);
  g_autoptr(PangoLayout) layout = make_layout (doc, markup, doc->width - doc->margin_left - doc->margin_right,
                                               0.85, PANGO_ALIGN_RIGHT);
  double y = MAX (doc->margin_top - layout_height (layout) - 2, 2);

  cairo_move_to (cr, doc->margin_left, y);
  pango_cairo_show_layout (cr, layout);
}

void
mc_form_layout_render (McFormDoc *doc,
                       cairo_t   *cr,
                       guint      page_index)
{
  GArray *page;

  g_return_if_fail (page_index < doc->pages->len);
  page = g_ptr_array_index (doc->pages, page_index);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < page->len; i++)
    {
      McFormPlaced *p = &g_array_index (page, McFormPlaced, i);
      McFormItem *item = p->item;

      for (guint c = 0; c < item->cells->len; c++)
        cell_foreach_line (g_ptr_array_index (item->cells, c), doc->margin_left, p->y, draw_line_cb, cr);
      for (guint r = 0; r < item->rules->len; r++)
        {
          McFormRule *rule = &g_array_index (item->rules, McFormRule, r);

          cairo_set_line_width (cr, rule->width);
          cairo_move_to (cr, doc->margin_left + rule->x0, p->y + rule->y0);
          cairo_line_to (cr, doc->margin_left + rule->x1, p->y + rule->y1);
          cairo_stroke (cr);
        }
      if (item->qr_text != NULL)
        draw_qr (cr, item->qr_text, doc->margin_left + item->qr_x, p->y + item->qr_y, item->qr_size);
    }
  if (doc->page_numbers)
    draw_footer (doc, cr, page_index);
  if (doc->copy_mark != NULL)
    draw_copy_mark (doc, cr);
  cairo_restore (cr);
}

static void
box_line_cb (PangoLayoutLine      *line,
             double                x,
             double                baseline,
             const PangoRectangle *box,
             gpointer              data)
{
  cairo_rectangle_t r = {
    (double) box->x / PANGO_SCALE, (double) box->y / PANGO_SCALE,
    (double) box->width / PANGO_SCALE, (double) box->height / PANGO_SCALE,
  };

  g_array_append_val ((GArray *) data, r);
}

GArray *
mc_form_doc_get_boxes (McFormDoc *self,
                       guint      page_index)
{
  GArray *boxes = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  GArray *page;

  g_return_val_if_fail (page_index < self->pages->len, boxes);
  page = g_ptr_array_index (self->pages, page_index);
  for (guint i = 0; i < page->len; i++)
    {
      McFormPlaced *p = &g_array_index (page, McFormPlaced, i);
      McFormItem *item = p->item;

      for (guint c = 0; c < item->cells->len; c++)
        cell_foreach_line (g_ptr_array_index (item->cells, c), self->margin_left, p->y, box_line_cb, boxes);
      for (guint r = 0; r < item->rules->len; r++)
        {
          McFormRule *rule = &g_array_index (item->rules, McFormRule, r);
          /* Butt caps: a rule covers its length and half its width each side. */
          gboolean vertical = rule->x0 == rule->x1;
          cairo_rectangle_t b = {
            self->margin_left + MIN (rule->x0, rule->x1) - (vertical ? rule->width / 2 : 0),
            p->y + MIN (rule->y0, rule->y1) - (vertical ? 0 : rule->width / 2),
            fabs (rule->x1 - rule->x0) + (vertical ? rule->width : 0),
            fabs (rule->y1 - rule->y0) + (vertical ? 0 : rule->width),
          };
          g_array_append_val (boxes, b);
        }
      if (item->qr_text != NULL)
        {
          cairo_rectangle_t b = { self->margin_left + item->qr_x, p->y + item->qr_y, item->qr_size, item->qr_size };
          g_array_append_val (boxes, b);
        }
    }
  return boxes;
}

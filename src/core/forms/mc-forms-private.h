/* mc-forms-private.h — what the form renderer's own files (and its tests) share
 *
 * A McFormDoc holds a list of blocks (heading, paragraph, table, signature
 * blocks, QR code) that describe a form independently of the paper. Paginating
 * turns them into items laid out for one width — a paragraph becomes one item
 * per line, a table one item per row, with the header row repeated at the top
 * of each page the table flows onto — and places the items on pages.
 */
#pragma once

#include <pango/pangocairo.h>

#include "mc-forms.h"

G_BEGIN_DECLS

/* Official forms are set in Times New Roman; Liberation Serif has its
 * metrics and full Vietnamese coverage (fonts-liberation2). */
#define MC_FORMS_FONT "Liberation Serif, DejaVu Serif, serif"

#define MC_MM(mm) ((mm) * 72.0 / 25.4)

typedef enum
{
  MC_BLOCK_HEADING,     /* markup[0..3]: unit, national heading, number line, place and date */
  MC_BLOCK_PARA,        /* markup[0] */
  MC_BLOCK_TABLE,       /* header + rows */
  MC_BLOCK_SIGNATURES,  /* markup[0..n_cols): one column each */
  MC_BLOCK_QR,          /* markup[0] beside the QR code of qr_text */
  MC_BLOCK_SPACE,
} McBlockKind;

typedef struct
{
  McBlockKind     kind;
  char           *markup[4];
  char           *qr_text;
  PangoAlignment  align;
  double          scale;          /* font size relative to the body size */
  double          indent;         /* points, PARA: left indent */
  double          space_before;   /* points */
  gboolean        keep_with_next;
  /* TABLE / SIGNATURES */
  guint           n_cols;
  double         *weights;        /* relative column widths */
  PangoAlignment *aligns;
  char          **header;         /* n_cols markups */
  GPtrArray      *rows;           /* element: char ** of n_cols markups */
  double          min_height;     /* SIGNATURES: room to sign */
} McFormBlock;

typedef struct
{
  PangoLayout *layout;
  int          first;    /* first line drawn */
  int          last;     /* last line drawn, -1: to the end */
  double       x;        /* within the item */
  double       y;        /* top of line @first within the item */
} McFormCell;

typedef struct
{
  double x0, y0, x1, y1;
  double width;
} McFormRule;

typedef struct
{
  double      height;
  double      space_before;   /* dropped at the top of a page */
  gboolean    keep_with_next;
  guint       table;          /* 0: not a table row */
  gboolean    table_header;
  GPtrArray  *cells;          /* McFormCell */
  GArray     *rules;          /* McFormRule */
  char       *qr_text;        /* nullable */
  double      qr_x, qr_y, qr_size;
} McFormItem;

typedef struct
{
  McFormItem *item;
  double      y;
} McFormPlaced;

typedef void (*McFormBuildFunc) (McFormDoc *doc);

struct _McFormDoc
{
  GObject          parent_instance;

  McFormKind       kind;
  McPageSize       default_page;
  char            *title;          /* PDF metadata */
  gboolean         page_numbers;   /* always (ledger), else when > 1 page */

  /* What the blocks are built from. */
  McDossier       *dossier;
  McStation       *station;
  GPtrArray       *events;
  GPtrArray       *dossiers;       /* ledger */
  char            *from, *to;      /* ledger */
  char            *rule;           /* "tt01-2018" / "tt03-2025" */
  char            *number;         /* the form's number in that rule */
  char            *result_place;
  char            *copy_mark;      /* nullable: which copy, top right of each page */
  int              book;
  gint64           entry;
  McFormBuildFunc  build;

  GPtrArray       *blocks;         /* McFormBlock, built on demand */

  /* The last pagination. */
  double           width, height;
  double           margin_top, margin_bottom, margin_left, margin_right;
  double           body_size;
  PangoContext    *context;
  GPtrArray       *items;          /* McFormItem */
  GPtrArray       *pages;          /* GArray of McFormPlaced */
  GHashTable      *table_headers;  /* table id → McFormItem */
};

/* Blocks (mc-forms-layout.c) */
McFormBlock *mc_form_add_block      (McFormDoc      *doc,
                                     McBlockKind     kind);
McFormBlock *mc_form_add_para       (McFormDoc      *doc,
                                     const char     *markup);
void         mc_form_add_space      (McFormDoc      *doc,
                                     double          points);
McFormBlock *mc_form_add_table      (McFormDoc      *doc,
                                     guint           n_cols,
                                     const double   *weights,
                                     const PangoAlignment *aligns,
                                     const char * const *header);
/* Takes ownership of @cells (n_cols markups). */
void         mc_form_table_add_row  (McFormBlock    *table,
                                     char          **cells);
void         mc_form_block_free     (McFormBlock    *block);

/* Lays the blocks out into items and pages (mc-forms-layout.c). */
void         mc_form_layout_paginate (McFormDoc     *doc);
void         mc_form_layout_render   (McFormDoc     *doc,
                                      cairo_t       *cr,
                                      guint          page);
void         mc_form_item_free       (McFormItem    *item);

/* Every text line, rule and QR code of @page of the last pagination, as
 * cairo_rectangle_t in page coordinates (for tests: nothing may leave the
 * printable area). */
GArray      *mc_form_doc_get_boxes     (McFormDoc         *self,
                                        guint              page);
void         mc_form_doc_get_printable (McFormDoc         *self,
                                        cairo_rectangle_t *area);
guint        mc_form_doc_get_n_pages   (McFormDoc         *self);

/* Slips (mc-forms-slips.c) */
gboolean     mc_forms_slip_check       (McFormDoc   *doc,
                                        GError     **error);
void         mc_forms_build_slip       (McFormDoc   *doc);

/* The ledger (mc-forms-ledger.c) */
void         mc_forms_build_ledger     (McFormDoc   *doc);
/* The ledger's columns, and one row of plain text for @d (n = 10). */
const char * const *mc_ledger_columns  (void);
char       **mc_ledger_row             (McDossier   *d,
                                        guint        index);

/* Rule sets and shared text helpers (mc-forms-rules.c) */
/* The form of @kind in the rule set @rule ("tt01-2018", "tt03-2025"). */
const McFormInfo *mc_forms_info_for_kind (const char *rule,
                                          McFormKind  kind);
char        *mc_forms_format_date      (GDateTime   *at);            /* dd/mm/yyyy, Vietnam time */
char        *mc_text_format_iso_date  (const char  *yyyy_mm_dd);    /* dd/mm/yyyy */
char        *mc_forms_format_time      (GDateTime   *at);            /* "09 giờ 30 phút, ngày 12/02/2026" */
char        *mc_forms_unit_name        (const McStation *station);
char        *mc_forms_place_date       (const McStation *station,
                                        GDateTime   *at);
const char  *mc_forms_paper_form_label (McPaperForm  form);

/* CSV (mc-forms-ledger.c): RFC 4180 field quoting and a parser, for tests. */
void         mc_csv_append_field       (GString     *out,
                                        const char  *field);
GPtrArray   *mc_csv_parse              (const char  *text,
                                        GError     **error);   /* of GStrv */

G_END_DECLS

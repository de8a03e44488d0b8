/* mc-attachments.c — checking a file before it becomes an attachment */
#define G_LOG_DOMAIN "motcua-attachments"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-attachments.h"
#include "mc-text.h"

#define HEAD_SIZE   4096
#define TAIL_SIZE   2048
#define CHUNK_SIZE  (64 * 1024)
/* Beyond this an image would need gigabytes to open; a scanned A4 page at
 * 600 dpi is 35 megapixels. */
#define MAX_PIXELS  (256 * 1024 * 1024)
/* Images are decoded scaled down (JPEG does it while decoding, which is
 * faster and smaller); every byte is still read, so a cut file is found. */
#define CHECK_SIDE  1024

G_DEFINE_QUARK (mc-attachment-error-quark, mc_attachment_error)

typedef struct
{
  GFile        *file;
  const char   *name;     /* for messages */
  GInputStream *in;
  gint64        size;
  guint8        head[HEAD_SIZE];
  gsize         head_len;
} Source;

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static gboolean
has_prefix (const guint8 *data,
            gsize         len,
            const void   *prefix,
            gsize         prefix_len)
{
  return len >= prefix_len && memcmp (data, prefix, prefix_len) == 0;
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const char   *needle)
{
  return memmem (data, len, needle, strlen (needle)) != NULL;
}

static gboolean
is_plain_text (const guint8 *data,
               gsize         len)
{
  const char *end = NULL;

  if (memchr (data, '\0', len) != NULL)
    return FALSE;
  /* The head may cut a multi-byte character in two. */
  if (!g_utf8_validate ((const char *) data, len, &end))
    return (const guint8 *) end + 4 > data + len;
  return TRUE;
}

/* What a file that is not a PDF, JPEG or PNG seems to be, for the message. */
static const char *
describe_other (const guint8 *h,
                gsize         n)
{
  static const guint8 ole[8] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };

  if (has_prefix (h, n, "PK\003\004", 4) || has_prefix (h, n, "PK\005\006", 4))
    {
      if (contains (h, n, "word/"))
        return _("a Word document (DOCX)");
      if (contains (h, n, "xl/"))
        return _("an Excel workbook (XLSX)");
      return _("a ZIP archive");
    }
  if (has_prefix (h, n, ole, sizeof ole))
    return _("an old Word or Excel document (DOC, XLS)");
  if (n >= 12 && memcmp (h + 4, "ftyp", 4) == 0)
    {
      const char *brand = (const char *) h + 8;

      if (strncmp (brand, "hei", 3) == 0 || strncmp (brand, "hev", 3) == 0 ||
          strncmp (brand, "mif1", 4) == 0 || strncmp (brand, "msf1", 4) == 0)
        return _("a HEIC photo; set the phone to take photos as JPEG, or export it as JPEG");
      if (strncmp (brand, "avif", 4) == 0)
        return _("an AVIF image");
      return _("a video");
    }
  if (has_prefix (h, n, "GIF87a", 6) || has_prefix (h, n, "GIF89a", 6))
    return _("a GIF image");
  if (has_prefix (h, n, "II*\0", 4) || has_prefix (h, n, "MM\0*", 4))
    return _("a TIFF image");
  if (has_prefix (h, n, "BM", 2))
    return _("a BMP image");
  if (n >= 12 && has_prefix (h, n, "RIFF", 4) && memcmp (h + 8, "WEBP", 4) == 0)
    return _("a WebP image");
  if (has_prefix (h, n, "{\\rtf", 5))
    return _("an RTF document");
  if (is_plain_text (h, n))
    return _("plain text");
  return _("an unknown kind of file");
}

static gboolean
set_unsupported (Source  *src,
                 GError **error)
{
  g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_UNSUPPORTED,
               _("“%s” is not a PDF, JPEG or PNG file (it looks like %s); save or scan it as PDF, JPEG or PNG"),
               src->name, describe_other (src->head, src->head_len));
  return FALSE;
}

static gboolean
set_pdf_corrupt (Source     *src,
                 const char *why,
                 GError    **error)
{
  g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_CORRUPT,
               _("“%s” is an incomplete or damaged PDF file (%s); scan it again or ask for another copy"),
               src->name, why);
  return FALSE;
}

static gboolean
set_read_error (Source  *src,
                GError  *local_error,
                GError **error)
{
  g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_IO,
               _("Cannot read “%s”: %s"), src->name, local_error->message);
  g_error_free (local_error);
  return FALSE;
}

/* Reads up to @len bytes at @offset. */
static gboolean
read_at (Source   *src,
         gint64    offset,
         guint8   *buf,
         gsize     len,
         gsize    *out_len,
         GError  **error)
{
  GError *local_error = NULL;

  if (!g_seekable_seek (G_SEEKABLE (src->in), offset, G_SEEK_SET, NULL, &local_error) ||
      !g_input_stream_read_all (src->in, buf, len, out_len, NULL, &local_error))
    return set_read_error (src, local_error, error);
  return TRUE;
}

static const guint8 *
skip_space (const guint8 *p,
            const guint8 *end)
{
  while (p < end && (*p == ' ' || *p == '\r' || *p == '\n' || *p == '\t' || *p == '\f' || *p == '\0'))
    p++;
  return p;
}

/* The file ends with "startxref N %%EOF" and N points at a cross-reference
 * table or stream: a PDF cut short (a copy interrupted, a scan saved
 * half-way) fails here. Loosely: a few bytes of slack around N, trailing
 * bytes after %%EOF allowed, as viewers do. */
static gboolean
check_pdf (Source  *src,
           GError **error)
{
  guint8 tail[TAIL_SIZE];
  guint8 at[96];
  gsize n = 0, m = 0;
  gint64 start = MAX (0, src->size - TAIL_SIZE);
  const guint8 *eof = NULL, *sx = NULL, *p;
  gint64 offset = 0;
  gboolean digits = FALSE;

  if (!read_at (src, start, tail, TAIL_SIZE, &n, error))
    return FALSE;

  for (p = tail; (p = memmem (p, tail + n - p, "%%EOF", 5)) != NULL; p += 5)
    eof = p;
  if (eof == NULL)
    return set_pdf_corrupt (src, _("the end of the file is missing"), error);
  for (p = tail; (p = memmem (p, eof - p, "startxref", 9)) != NULL; p += 9)
    sx = p;
  if (sx == NULL)
    return set_pdf_corrupt (src, _("its table of contents is missing"), error);

  for (p = skip_space (sx + 9, eof); p < eof && g_ascii_isdigit (*p) && offset < G_MAXINT64 / 10; p++)
    {
      offset = offset * 10 + (*p - '0');
      digits = TRUE;
    }
  if (!digits || offset >= src->size)
    return set_pdf_corrupt (src, _("its table of contents is damaged"), error);

  if (!read_at (src, MAX (0, offset - 16), at, sizeof at, &m, error))
    return FALSE;
  /* A classic table ("xref") or a cross-reference stream ("12 0 obj"). */
  if (contains (at, m, "xref") || contains (at, m, " obj"))
    return TRUE;
  return set_pdf_corrupt (src, _("its table of contents is damaged"), error);
}

/* The JPEG decoder pads a file cut short and says nothing, so the
 * segments are walked too: a whole JPEG reaches its end-of-image marker.
 * An EXIF thumbnail's marker sits inside a segment that is skipped by its
 * length; bytes after the end (phone makers' trailers) are allowed. */
typedef enum
{
  JPEG_MARKER,       /* expecting 0xFF */
  JPEG_CODE,         /* expecting the marker code */
  JPEG_LENGTH_HIGH,
  JPEG_LENGTH_LOW,
  JPEG_SKIP,         /* inside a segment */
  JPEG_ENTROPY,      /* compressed data after SOS */
  JPEG_ENTROPY_FF,
  JPEG_END,
} JpegState;

typedef struct
{
  JpegState state;
  guint8    marker;
  guint     length;
} JpegWalk;

static void
jpeg_after_segment (JpegWalk *w)
{
  w->state = w->marker == 0xda ? JPEG_ENTROPY : JPEG_MARKER;
}

static void
jpeg_on_code (JpegWalk *w,
              guint8    b)
{
  if (b == 0xd9)
    w->state = JPEG_END;
  else if (b == 0xd8 || b == 0x01 || (b >= 0xd0 && b <= 0xd7))
    w->state = JPEG_MARKER;   /* no length */
  else
    {
      w->marker = b;
      w->state = JPEG_LENGTH_HIGH;
    }
}

static void
jpeg_walk (JpegWalk     *w,
           const guint8 *p,
           gsize         n)
{
  const guint8 *end = p + n;

  while (p < end && w->state != JPEG_END)
    {
      guint8 b;

      if (w->state == JPEG_SKIP)
        {
          gsize take = MIN ((gsize) (end - p), w->length);

          p += take;
          w->length -= take;
          if (w->length == 0)
            jpeg_after_segment (w);
          continue;
        }
      if (w->state == JPEG_ENTROPY)
        {
          const guint8 *ff = memchr (p, 0xff, end - p);

          p = ff != NULL ? ff + 1 : end;
          if (ff != NULL)
            w->state = JPEG_ENTROPY_FF;
          continue;
        }

      b = *p++;
      switch (w->state)
        {
        case JPEG_MARKER:
          /* Stray bytes between segments: the decoder skips them too. */
          if (b == 0xff)
            w->state = JPEG_CODE;
          break;
        case JPEG_CODE:
          if (b != 0xff)
            jpeg_on_code (w, b);
          break;
        case JPEG_LENGTH_HIGH:
          w->length = (guint) b << 8;
          w->state = JPEG_LENGTH_LOW;
          break;
        case JPEG_LENGTH_LOW:
          w->length = MAX (w->length | b, 2) - 2;
          if (w->length > 0)
            w->state = JPEG_SKIP;
          else
            jpeg_after_segment (w);
          break;
        case JPEG_ENTROPY_FF:
          if (b == 0x00 || (b >= 0xd0 && b <= 0xd7))
            w->state = JPEG_ENTROPY;
          else if (b != 0xff)
            jpeg_on_code (w, b);
          break;
        case JPEG_SKIP:
        case JPEG_ENTROPY:
        case JPEG_END:
        default:
          break;
        }
    }
}

/* The same for PNG: chunk after chunk up to the whole IEND chunk. */
typedef struct
{
  guint64 skip;       /* bytes left of the signature or the current chunk */
  guint8  header[8];  /* length and type of the next chunk */
  guint   header_len;
  gboolean in_iend;
  gboolean complete;
} PngWalk;

static void
png_walk (PngWalk      *w,
          const guint8 *p,
          gsize         n)
{
  const guint8 *end = p + n;

  while (p < end && !w->complete)
    {
      if (w->skip > 0)
        {
          gsize take = (gsize) MIN ((guint64) (end - p), w->skip);

          p += take;
          w->skip -= take;
          if (w->skip == 0 && w->in_iend)
            w->complete = TRUE;
          continue;
        }
      w->header[w->header_len++] = *p++;
      if (w->header_len == sizeof w->header)
        {
          guint32 length = ((guint32) w->header[0] << 24) | ((guint32) w->header[1] << 16) |
                           ((guint32) w->header[2] << 8) | w->header[3];

          w->skip = (guint64) length + 4;   /* data, then CRC */
          w->in_iend = memcmp (w->header + 4, "IEND", 4) == 0;
          w->header_len = 0;
        }
    }
}

static void
on_size_prepared_cb (GdkPixbufLoader *loader,
                     int              width,
                     int              height,
                     gpointer         user_data)
{
  int side = MAX (width, height);

  if (side > CHECK_SIDE)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) ((gint64) width * CHECK_SIDE / side)),
                                MAX (1, (int) ((gint64) height * CHECK_SIDE / side)));
}

static gboolean
set_image_corrupt (Source     *src,
                   const char *format,
                   const char *why,
                   GError    **error)
{
  g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_CORRUPT,
               _("“%s” is a damaged or incomplete %s image (%s); scan it again or ask for another copy"),
               src->name, format, why);
  return FALSE;
}

/* A PNG's size is in its header: refuse before decoding what would not fit. */
static gboolean
check_png_dimensions (Source  *src,
                      GError **error)
{
  guint32 w, h;

  if (src->head_len < 24 || memcmp (src->head + 12, "IHDR", 4) != 0)
    return set_image_corrupt (src, "PNG", _("its header is missing"), error);
  w = GUINT32_FROM_BE (*(guint32 *) (src->head + 16));
  h = GUINT32_FROM_BE (*(guint32 *) (src->head + 20));
  if ((guint64) w * h > MAX_PIXELS)
    {
      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_TOO_LARGE,
                   _("“%s” is an image of %u × %u pixels, too large to open; scan it at a lower resolution"),
                   src->name, w, h);
      return FALSE;
    }
  return TRUE;
}

/* Decodes the whole image: a cut or damaged file fails to close. */
static gboolean
check_image (Source     *src,
             const char *type,
             const char *format,
             GError    **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);
  JpegWalk walk = { JPEG_MARKER, 0, 0 };
  PngWalk png = { sizeof png_signature, { 0 }, 0, FALSE, FALSE };
  gboolean is_jpeg = g_str_equal (type, "jpeg");
  gboolean ok = TRUE;

  loader = gdk_pixbuf_loader_new_with_type (type, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_IO,
                   _("Cannot check “%s”: this computer cannot open %s images (%s)"),
                   src->name, format, local_error->message);
      return FALSE;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared_cb), NULL);

  if (!g_seekable_seek (G_SEEKABLE (src->in), 0, G_SEEK_SET, NULL, &local_error))
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return set_read_error (src, g_steal_pointer (&local_error), error);
    }
  for (;;)
    {
      gssize n = g_input_stream_read (src->in, buf, CHUNK_SIZE, NULL, &local_error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          return set_read_error (src, g_steal_pointer (&local_error), error);
        }
      if (n == 0)
        break;
      if (is_jpeg)
        jpeg_walk (&walk, buf, n);
      else
        png_walk (&png, buf, n);
      if (!gdk_pixbuf_loader_write (loader, buf, n, &local_error))
        {
          ok = FALSE;
          break;
        }
    }

  if (ok)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);
  if (ok && gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    ok = FALSE;
  if (ok && (is_jpeg ? walk.state != JPEG_END : !png.complete))
    return set_image_corrupt (src, format, _("the end of the image is missing"), error);
  if (!ok)
    return set_image_corrupt (src, format,
                              local_error != NULL ? local_error->message : _("no picture in it"),
                              error);
  return TRUE;
}

static gboolean
open_source (Source  *src,
             gint64   max_size,
             GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  GError *local_error = NULL;

  info = g_file_query_info (src->file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    return set_read_error (src, local_error, error);
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_IO,
                   _("“%s” is a folder or a device, not a file; choose a PDF, JPEG or PNG file"), src->name);
      return FALSE;
    }

  src->size = g_file_info_get_size (info);
  if (src->size == 0)
    {
      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_EMPTY,
                   _("“%s” is empty (0 bytes); scan it again or ask for another copy"), src->name);
      return FALSE;
    }
  if (max_size > 0 && src->size > max_size)
    {
      g_autofree char *size = g_format_size_full (src->size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_TOO_LARGE,
                   _("“%s” is %s, larger than the limit of %s; scan it at a lower resolution or split it into several files"),
                   src->name, size, limit);
      return FALSE;
    }

  in = g_file_read (src->file, NULL, &local_error);
  if (in == NULL)
    return set_read_error (src, local_error, error);
  if (!g_seekable_can_seek (G_SEEKABLE (in)))
    {
      g_set_error (error, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_IO,
                   _("Cannot read “%s”: copy it to this computer first"), src->name);
      return FALSE;
    }
  src->in = G_INPUT_STREAM (g_steal_pointer (&in));
  if (!g_input_stream_read_all (src->in, src->head, HEAD_SIZE, &src->head_len, NULL, &local_error))
    return set_read_error (src, local_error, error);
  return TRUE;
}

static gboolean
check_named (GFile      *file,
             const char *name,
             gint64      max_size,
             char      **out_mime,
             GError    **error)
{
  static const guint8 jpeg_signature[3] = { 0xff, 0xd8, 0xff };
  Source src = { 0 };
  const char *mime = NULL;
  gboolean ok;

  src.file = file;
  src.name = name;

  ok = open_source (&src, max_size, error);
  if (ok)
    {
      /* PDF readers accept the header anywhere in the first kilobyte; not
       * in a ZIP or Office file that merely holds a PDF, though. */
      if (memmem (src.head, MIN (src.head_len, 1024), "%PDF-", 5) != NULL &&
          !has_prefix (src.head, src.head_len, "PK", 2) && !has_prefix (src.head, src.head_len, "\xd0\xcf\x11\xe0", 4))
        {
          mime = MC_ATTACHMENT_MIME_PDF;
          ok = check_pdf (&src, error);
        }
      else if (has_prefix (src.head, src.head_len, jpeg_signature, sizeof jpeg_signature))
        {
          mime = MC_ATTACHMENT_MIME_JPEG;
          ok = check_image (&src, "jpeg", "JPEG", error);
        }
      else if (has_prefix (src.head, src.head_len, png_signature, sizeof png_signature))
        {
          mime = MC_ATTACHMENT_MIME_PNG;
          ok = check_png_dimensions (&src, error) && check_image (&src, "png", "PNG", error);
        }
      else
        ok = set_unsupported (&src, error);
    }

  if (src.in != NULL)
    g_input_stream_close (src.in, NULL, NULL);
  g_clear_object (&src.in);
  if (ok && out_mime != NULL)
    *out_mime = g_strdup (mime);
  return ok;
}

gboolean
mc_attachment_check_file (GFile   *file,
                          gint64   max_size,
                          char   **out_mime,
                          GError **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = mc_attachment_get_display_name (file);
  return check_named (file, name, max_size, out_mime, error);
}

McBlobsPending *
mc_attachment_copy_checked (McBlobs       *blobs,
                            GFile         *source,
                            gint64         max_size,
                            char         **out_mime,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *name = NULL;
  g_autoptr(McBlobsPending) pending = NULL;
  g_autoptr(GFile) copy = NULL;

  g_return_val_if_fail (MC_IS_BLOBS (blobs), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  name = mc_attachment_get_display_name (source);
  /* A device, a FIFO, an empty or too large file is refused before a byte
   * is copied, with the same messages as the check of the copy. */
  {
    Source src = { .file = source, .name = name };
    gboolean ok = open_source (&src, max_size, error);

    if (src.in != NULL)
      g_input_stream_close (src.in, NULL, NULL);
    g_clear_object (&src.in);
    if (!ok)
      return NULL;
  }

  /* Copy, then check the copy: the file may change while it is read, but
   * what is stored is what was checked (size, type, content and hash). */
  pending = mc_blobs_write_pending (blobs, source, max_size, cancellable, error);
  if (pending == NULL)
    return NULL;
  copy = mc_blobs_pending_get_file (pending);
  if (!check_named (copy, name, max_size, out_mime, error))
    return NULL;
  return g_steal_pointer (&pending);
}

char *
mc_attachment_get_display_name (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);

  return base != NULL ? g_filename_display_name (base) : g_strdup ("");
}

const char *
mc_attachment_describe_mime (const char *mime_type)
{
  if (g_strcmp0 (mime_type, MC_ATTACHMENT_MIME_PDF) == 0)
    return _("PDF document");
  if (g_strcmp0 (mime_type, MC_ATTACHMENT_MIME_JPEG) == 0)
    return _("JPEG image");
  if (g_strcmp0 (mime_type, MC_ATTACHMENT_MIME_PNG) == 0)
    return _("PNG image");
  return mime_type != NULL ? mime_type : "";
}

const char *
mc_attachment_find_paper (McDossier  *dossier,
                          const char *paper)
{
  GPtrArray *papers = mc_dossier_get_papers (dossier);
  g_autofree char *wanted = mc_text_fold (paper != NULL ? paper : "");

  if (*wanted == '\0')
    return NULL;
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      g_autofree char *folded = mc_text_fold (p->name);

      if (g_str_equal (folded, wanted))
        return p->name;
    }
  return NULL;
}

char *
mc_attachment_list_papers (McDossier *dossier)
{
  GPtrArray *papers = mc_dossier_get_papers (dossier);
  GString *s = g_string_new (NULL);

  if (papers->len == 0)
    g_string_append (s, _("(none)"));
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      g_string_append_printf (s, "%s“%s”", i > 0 ? ", " : "", p->name);
    }
  return g_string_free (s, FALSE);
}

#include "png_bridge.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

struct wa_png_writer {
    FILE *file;
    png_structp png;
    png_infop info;
    char message[256];
};

static void wa_error(png_structp png, png_const_charp message) {
    char *buffer = png_get_error_ptr(png);
    if (buffer) snprintf(buffer, 256, "%s", message);
    png_longjmp(png, 1);
}

static void wa_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;
}

static void copy_error(char *error, size_t size, const char *message) {
    if (error && size) snprintf(error, size, "%s", message);
}

static void writer_free(wa_png_writer *w) {
    png_destroy_write_struct(&w->png, &w->info);
    if (w->file) fclose(w->file);
    free(w);
}

wa_png_writer *wa_png_writer_open(const char *path, uint32_t width, uint32_t height, int channels,
                                  int level, int filters, char *error, size_t error_size) {
    if (channels != 1 && channels != 3) { copy_error(error, error_size, "channels must be 1 or 3"); return NULL; }
    wa_png_writer *w = calloc(1, sizeof *w);
    if (!w) { copy_error(error, error_size, "out of memory"); return NULL; }
    w->file = fopen(path, "wb");
    if (!w->file) { copy_error(error, error_size, strerror(errno)); free(w); return NULL; }
    w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w->message, wa_error, wa_warning);
    if (!w->png) { copy_error(error, error_size, "png_create_write_struct failed"); fclose(w->file); free(w); return NULL; }
    w->info = png_create_info_struct(w->png);
    if (!w->info || setjmp(png_jmpbuf(w->png))) {
        copy_error(error, error_size, w->info ? w->message : "png_create_info_struct failed");
        writer_free(w);
        return NULL;
    }
    png_init_io(w->png, w->file);
    png_set_compression_level(w->png, level);
    if (filters) png_set_filter(w->png, PNG_FILTER_TYPE_BASE, filters);
    png_set_IHDR(w->png, w->info, width, height, 8, channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    png_write_info(w->png, w->info);
    return w;
}

int wa_png_writer_write_rows(wa_png_writer *w, const uint8_t *rows, uint32_t count, size_t stride,
                             char *error, size_t error_size) {
    if (setjmp(png_jmpbuf(w->png))) { copy_error(error, error_size, w->message); return 1; }
    for (uint32_t i = 0; i < count; i++) png_write_row(w->png, rows + (size_t)i * stride);
    if (ferror(w->file)) { copy_error(error, error_size, strerror(errno)); return 1; }
    return 0;
}

int wa_png_writer_finish(wa_png_writer *w, char *error, size_t error_size) {
    int status = 0;
    if (setjmp(png_jmpbuf(w->png))) {
        copy_error(error, error_size, w->message);
        status = 1;
    } else {
        png_write_end(w->png, NULL);
    }
    png_destroy_write_struct(&w->png, &w->info);
    if (fflush(w->file) != 0 || ferror(w->file)) { if (!status) copy_error(error, error_size, strerror(errno)); status = 1; }
    if (fclose(w->file) != 0) { if (!status) copy_error(error, error_size, strerror(errno)); status = 1; }
    free(w);
    return status;
}

void wa_png_writer_abort(wa_png_writer *w) { writer_free(w); }

typedef struct { FILE *file; png_structp png; png_infop info; char message[256]; } wa_reader;

static int reader_open(wa_reader *r, const char *path, char *error, size_t error_size) {
    memset(r, 0, sizeof *r);
    r->file = fopen(path, "rb");
    if (!r->file) { copy_error(error, error_size, strerror(errno)); return 1; }
    r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r->message, wa_error, wa_warning);
    if (r->png) r->info = png_create_info_struct(r->png);
    if (!r->png || !r->info) {
        copy_error(error, error_size, "png_create_read_struct failed");
        png_destroy_read_struct(&r->png, &r->info, NULL);
        fclose(r->file);
        return 1;
    }
    png_init_io(r->png, r->file);
    return 0;
}

static void reader_close(wa_reader *r) {
    png_destroy_read_struct(&r->png, &r->info, NULL);
    fclose(r->file);
}

int wa_png_read_info(const char *path, uint32_t *width, uint32_t *height, int *channels,
                     char *error, size_t error_size) {
    wa_reader r;
    if (reader_open(&r, path, error, error_size)) return 1;
    if (setjmp(png_jmpbuf(r.png))) { copy_error(error, error_size, r.message); reader_close(&r); return 1; }
    png_read_info(r.png, r.info);
    *width = png_get_image_width(r.png, r.info);
    *height = png_get_image_height(r.png, r.info);
    *channels = png_get_channels(r.png, r.info);
    reader_close(&r);
    return 0;
}

int wa_png_read(const char *path, uint8_t *pixels, size_t capacity, char *error, size_t error_size) {
    wa_reader r;
    if (reader_open(&r, path, error, error_size)) return 1;
    if (setjmp(png_jmpbuf(r.png))) { copy_error(error, error_size, r.message); reader_close(&r); return 1; }
    png_read_info(r.png, r.info);
    int type = png_get_color_type(r.png, r.info);
    if (png_get_bit_depth(r.png, r.info) != 8 || (type != PNG_COLOR_TYPE_GRAY && type != PNG_COLOR_TYPE_RGB)) {
        copy_error(error, error_size, "only 8-bit grey or RGB images are read");
        reader_close(&r);
        return 1;
    }
    size_t row_bytes = png_get_rowbytes(r.png, r.info);
    uint32_t height = png_get_image_height(r.png, r.info);
    if (row_bytes * height > capacity) { copy_error(error, error_size, "buffer too small"); reader_close(&r); return 1; }
    for (uint32_t y = 0; y < height; y++) png_read_row(r.png, pixels + (size_t)y * row_bytes, NULL);
    png_read_end(r.png, NULL);
    reader_close(&r);
    return 0;
}

struct wa_png_reader { wa_reader r; };

wa_png_reader *wa_png_reader_open(const char *path, uint32_t *width, uint32_t *height, int *channels,
                                  char *error, size_t error_size) {
    wa_png_reader *reader = calloc(1, sizeof *reader);
    if (!reader) { copy_error(error, error_size, "out of memory"); return NULL; }
    if (reader_open(&reader->r, path, error, error_size)) { free(reader); return NULL; }
    if (setjmp(png_jmpbuf(reader->r.png))) {
        copy_error(error, error_size, reader->r.message);
        reader_close(&reader->r);
        free(reader);
        return NULL;
    }
    png_read_info(reader->r.png, reader->r.info);
    int type = png_get_color_type(reader->r.png, reader->r.info);
    if (png_get_bit_depth(reader->r.png, reader->r.info) != 8 || (type != PNG_COLOR_TYPE_GRAY && type != PNG_COLOR_TYPE_RGB)
        || png_get_interlace_type(reader->r.png, reader->r.info) != PNG_INTERLACE_NONE) {
        copy_error(error, error_size, "only non-interlaced 8-bit grey or RGB images are read");
        reader_close(&reader->r);
        free(reader);
        return NULL;
    }
    *width = png_get_image_width(reader->r.png, reader->r.info);
    *height = png_get_image_height(reader->r.png, reader->r.info);
    *channels = png_get_channels(reader->r.png, reader->r.info);
    return reader;
}

int wa_png_reader_read_rows(wa_png_reader *reader, uint8_t *rows, uint32_t count, size_t stride,
                            char *error, size_t error_size) {
    if (setjmp(png_jmpbuf(reader->r.png))) { copy_error(error, error_size, reader->r.message); return 1; }
    for (uint32_t i = 0; i < count; i++) png_read_row(reader->r.png, rows + (size_t)i * stride, NULL);
    return 0;
}

void wa_png_reader_close(wa_png_reader *reader) {
    reader_close(&reader->r);
    free(reader);
}

#ifndef WEIGHTATLAS_PNG_BRIDGE_H
#define WEIGHTATLAS_PNG_BRIDGE_H
// libpng behind return codes: libpng reports errors by longjmp, which must never
// cross Swift frames, so every setjmp lives in png_bridge.c. On failure each call
// returns non-zero (or NULL) and leaves a message in the caller's buffer.
#include <stddef.h>
#include <stdint.h>

typedef struct wa_png_writer wa_png_writer;

/// Opens `path` for writing a `width`×`height` PNG with 1 (grey) or 3 (RGB) 8-bit channels.
/// `level` is the zlib level (0–9); `filters` is a libpng PNG_FILTER_* mask (0 = libpng's choice).
wa_png_writer *wa_png_writer_open(const char *path, uint32_t width, uint32_t height, int channels,
                                  int level, int filters, char *error, size_t error_size);
/// Writes `count` rows, each `stride` bytes apart starting at `rows`. Returns 0 on success.
int wa_png_writer_write_rows(wa_png_writer *writer, const uint8_t *rows, uint32_t count, size_t stride,
                             char *error, size_t error_size);
/// Writes the end of the image and closes the file. Returns 0 on success. Frees the writer.
int wa_png_writer_finish(wa_png_writer *writer, char *error, size_t error_size);
/// Abandons the image and closes the file (the caller removes it). Frees the writer.
void wa_png_writer_abort(wa_png_writer *writer);

/// Reads the header of the PNG at `path`. Returns 0 on success.
int wa_png_read_info(const char *path, uint32_t *width, uint32_t *height, int *channels,
                     char *error, size_t error_size);
/// Decodes the PNG at `path` into `pixels` (`capacity` bytes, rows packed, 8-bit,
/// grey or RGB as stored; palette and 16-bit images are refused). Returns 0 on success.
int wa_png_read(const char *path, uint8_t *pixels, size_t capacity, char *error, size_t error_size);

typedef struct wa_png_reader wa_png_reader;

/// Opens the PNG at `path` to read its rows in order (8-bit grey or RGB only).
wa_png_reader *wa_png_reader_open(const char *path, uint32_t *width, uint32_t *height, int *channels,
                                  char *error, size_t error_size);
/// Reads the next `count` rows into `rows`, each `stride` bytes apart. Returns 0 on success.
int wa_png_reader_read_rows(wa_png_reader *reader, uint8_t *rows, uint32_t count, size_t stride,
                            char *error, size_t error_size);
/// Closes the file and frees the reader.
void wa_png_reader_close(wa_png_reader *reader);

#endif

#pragma OPENCL FP_CONTRACT OFF
// tile.cl — level codes to the pixels of one band of a mosaic, one work-item per pixel.
//
// The mosaic is a grid of `cols` tiles per row, each tile_width × tile_height values
// upscaled `scale`× (nearest neighbour) with `padding` pixels between tiles and no
// outer border: cell_width = tile_width*scale + padding, likewise cell_height, and
// width = cols*cell_width - padding. Pixels in the padding, and every pixel of a cell
// past the last tile (the incomplete last tile row), are the pad grey.
//
// Codes are canonical: tile-major, then channel plane, row, column, starting with the
// band's first tile; a code is a level 0...255 with bit 8 set for a non-finite value.
//
// tile_pixels: global size at least (width, rows): work-items past either are idle, so the
// host may round the global size up to whole work-groups.
//   codes          codes of the band's tiles (from rescale_values)
//   pixels         the band, rows × width × pixel_channels bytes
//   first_row      mosaic row of the band's first row
//   rows           rows in the band
//   width          mosaic width in pixels
//   tile_width, tile_height, channels (1 or 3), cols, padding, scale
//   tile_count     tiles in the mosaic
//   first_tile     tile whose codes start the `codes` buffer
//   pixel_channels 1 (grey: table[3*level]) or 3 (RGB: table[3*level ...] for channels 1,
//                  the levels themselves for channels 3); where a value is non-finite the
//                  marker (its red byte in grey output)
//   table          the colormap, 256 RGB triples
//   marker         marker colour, r | g << 8 | b << 16
//   pad            pad grey

// The colour of the value whose code is codes[at]: its three channel codes (planes apart) for
// RGB tiles, the table's entry of its level for one channel; the marker where a value is
// non-finite.
static uchar3 colour(__global const ushort *codes, const size_t at, const size_t plane, const uint channels,
                     __constant uchar *table, const uint marker)
{
    const uchar3 mark = (uchar3)((uchar)marker, (uchar)(marker >> 8), (uchar)(marker >> 16));
    if (channels == 3) {
        const uint cr = codes[at], cg = codes[at + plane], cb = codes[at + 2 * plane];
        return ((cr | cg | cb) & 256u) == 0 ? (uchar3)((uchar)cr, (uchar)cg, (uchar)cb) : mark;
    }
    const uint c = codes[at];
    const uint level = c & 255u;
    return (c & 256u) == 0 ? (uchar3)(table[3 * level], table[3 * level + 1], table[3 * level + 2]) : mark;
}

__kernel void tile_pixels(__global const ushort *codes,
                          __global uchar *pixels,
                          uint first_row,
                          uint rows,
                          uint width,
                          uint tile_width,
                          uint tile_height,
                          uint channels,
                          uint cols,
                          uint padding,
                          uint scale,
                          uint tile_count,
                          uint first_tile,
                          uint pixel_channels,
                          __constant uchar *table,
                          uint marker,
                          uint pad)
{
    const uint x = (uint)get_global_id(0);
    const uint row = (uint)get_global_id(1);
    if (x >= width || row >= rows) return;
    const uint y = first_row + row;
    const uint cell_width = tile_width * scale + padding;
    const uint cell_height = tile_height * scale + padding;
    const uint column = x / cell_width, in_x = x % cell_width;
    const uint tile_row = y / cell_height, in_y = y % cell_height;
    const uint tile = tile_row * cols + column;
    const size_t out = ((size_t)row * width + x) * pixel_channels;

    uchar r = (uchar)pad, g = (uchar)pad, b = (uchar)pad;
    if (in_x < tile_width * scale && in_y < tile_height * scale && tile < tile_count) {
        const size_t plane = (size_t)tile_width * tile_height;
        const size_t at = (size_t)(tile - first_tile) * channels * plane
                        + (size_t)(in_y / scale) * tile_width + in_x / scale;
        const uchar3 c = colour(codes, at, plane, channels, table, marker);
        r = c.x;
        g = c.y;
        b = c.z;
    }
    pixels[out] = r;
    if (pixel_channels == 3) {
        pixels[out + 1] = g;
        pixels[out + 2] = b;
    }
}

// tile_cells: the same pixels as tile_pixels, one work-item per cell of a band row (a tile's
// width of pixels and the padding after it), for mosaics of many tile columns: the cell's
// row, tile and code row are found once, each code is read once and written `scale` times,
// with no division per pixel. Global size at least (cols, rows); the arguments are
// tile_pixels' own.
__kernel void tile_cells(__global const ushort *codes,
                         __global uchar *pixels,
                         uint first_row,
                         uint rows,
                         uint width,
                         uint tile_width,
                         uint tile_height,
                         uint channels,
                         uint cols,
                         uint padding,
                         uint scale,
                         uint tile_count,
                         uint first_tile,
                         uint pixel_channels,
                         __constant uchar *table,
                         uint marker,
                         uint pad)
{
    const uint column = (uint)get_global_id(0);
    const uint row = (uint)get_global_id(1);
    if (column >= cols || row >= rows) return;
    const uint y = first_row + row;
    const uint cell_width = tile_width * scale + padding;
    const uint cell_height = tile_height * scale + padding;
    const uint tile_row = y / cell_height, in_y = y % cell_height;
    const uint tile = tile_row * cols + column;
    const uint x0 = column * cell_width;
    const uint x_end = min(width, x0 + cell_width);
    __global uchar *out = pixels + ((size_t)row * width + x0) * pixel_channels;
    uint x = x0;
    if (in_y < tile_height * scale && tile < tile_count) {
        const size_t plane = (size_t)tile_width * tile_height;
        const size_t at = (size_t)(tile - first_tile) * channels * plane + (size_t)(in_y / scale) * tile_width;
        for (uint tx = 0; tx < tile_width; tx++) {
            const uchar3 c = colour(codes, at + tx, plane, channels, table, marker);
            for (uint s = 0; s < scale; s++) {
                out[0] = c.x;
                if (pixel_channels == 3) { out[1] = c.y; out[2] = c.z; }
                out += pixel_channels;
            }
        }
        x = x0 + tile_width * scale;
    }
    for (; x < x_end; x++) {
        out[0] = (uchar)pad;
        if (pixel_channels == 3) { out[1] = (uchar)pad; out[2] = (uchar)pad; }
        out += pixel_channels;
    }
}

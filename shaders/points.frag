// Training points filled (class colour, dark outline), validation points hollow rings
// of the class colour; edges antialiased over one pixel.
in float v_class;
in float v_train;
in float v_size;
out vec4 frag_color;

uniform vec3 u_colors[4];

void main() {
  float R = v_size * 0.5;
  float r = length(gl_PointCoord - vec2(0.5)) * v_size;  // pixels from the centre
  float outer = 1.0 - smoothstep(R - 1.0, R, r);
  vec3 c = u_colors[int(v_class + 0.5)];
  if (v_train > 0.5) {
    float inner = 1.0 - smoothstep(R - 2.0, R - 1.0, r);
    frag_color = vec4(mix(vec3(0.03), c, inner), outer);
  } else {
    float ring = outer * smoothstep(R - 2.6, R - 1.6, r);
    frag_color = vec4(c, 0.95 * ring);
  }
  if (frag_color.a <= 0.0) discard;
}

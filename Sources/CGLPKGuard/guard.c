// GLPK reports misuse through glp_error, which prints a message and then aborts the
// process. The only way back is a hook that longjmps out; after that the thread's GLPK
// environment is inconsistent and must be freed. Every guarded call below therefore
// owns its jmp_buf and frees the environment on the error path. No Swift frame sits
// between setjmp and a longjmp except GLPK's own search callback, which the Swift side
// keeps free of calls that can raise errors.
#include "CGLPKGuard.h"

#include <setjmp.h>

typedef struct guard_frame {
  jmp_buf env;
} guard_frame;

static void guard_hook(void *info) {
  guard_frame *frame = (guard_frame *)info;
  longjmp(frame->env, 1);
}

#define GUARDED(body)                          \
  do {                                         \
    guard_frame frame;                         \
    if (setjmp(frame.env) != 0) {              \
      glp_free_env();                          \
      return -1;                               \
    }                                          \
    glp_error_hook(guard_hook, &frame);        \
    body;                                      \
    glp_error_hook(NULL, NULL);                \
    return 0;                                  \
  } while (0)

int kring_guard_load(glp_prob *P, const kring_model *m) {
  GUARDED({
    glp_set_obj_dir(P, m->direction);
    if (m->nrows > 0) glp_add_rows(P, m->nrows);
    if (m->ncols > 0) glp_add_cols(P, m->ncols);
    glp_set_obj_coef(P, 0, m->obj_const);
    for (int j = 0; j < m->ncols; j++) {
      glp_set_col_kind(P, j + 1, m->col_kind[j]);
      if (m->col_kind[j] != GLP_BV)
        glp_set_col_bnds(P, j + 1, m->col_type[j], m->col_lb[j], m->col_ub[j]);
      glp_set_obj_coef(P, j + 1, m->obj[j]);
      if (m->col_names != NULL && m->col_names[j] != NULL)
        glp_set_col_name(P, j + 1, m->col_names[j]);
    }
    for (int i = 0; i < m->nrows; i++) {
      glp_set_row_bnds(P, i + 1, m->row_type[i], m->row_lb[i], m->row_ub[i]);
      if (m->row_names != NULL && m->row_names[i] != NULL)
        glp_set_row_name(P, i + 1, m->row_names[i]);
    }
    if (m->ne > 0) glp_load_matrix(P, m->ne, m->ia, m->ja, m->ar);
  });
}

int kring_guard_simplex(glp_prob *P, const glp_smcp *parm, int *result) {
  GUARDED(*result = glp_simplex(P, parm));
}

int kring_guard_set_basis(glp_prob *P, const int *row_stat, const int *col_stat) {
  GUARDED({
    if (row_stat == NULL || col_stat == NULL) {
      glp_std_basis(P);
    } else {
      int m = glp_get_num_rows(P);
      int n = glp_get_num_cols(P);
      for (int i = 0; i < m; i++) glp_set_row_stat(P, i + 1, row_stat[i]);
      for (int j = 0; j < n; j++) glp_set_col_stat(P, j + 1, col_stat[j]);
    }
  });
}

int kring_guard_intopt(glp_prob *P, const glp_iocp *parm, int *result) {
  GUARDED(*result = glp_intopt(P, parm));
}

int kring_guard_write_lp(glp_prob *P, const char *path, int *result) {
  GUARDED(*result = glp_write_lp(P, NULL, path));
}

int kring_guard_write_mps(glp_prob *P, const char *path, int *result) {
  GUARDED(*result = glp_write_mps(P, GLP_MPS_FILE, NULL, path));
}

int kring_guard_provoke_error(void) {
  GUARDED({
    glp_prob *P = glp_create_prob();
    // Column 7 does not exist: GLPK calls glp_error ("j = 7; column number out of range").
    glp_set_obj_coef(P, 7, 1.0);
    glp_delete_prob(P);
  });
}

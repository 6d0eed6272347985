#ifndef KRING_CGLPK_GUARD_H
#define KRING_CGLPK_GUARD_H

#include <glpk.h>
#include <stddef.h>

/// The whole of a model, in arrays, so that it is loaded into GLPK inside one guarded call.
/// Matrix arrays are 1-based as GLPK expects (element 0 is unused).
typedef struct kring_model {
  int direction;              /* GLP_MIN or GLP_MAX */
  int nrows, ncols;
  const int *col_kind;        /* GLP_CV, GLP_IV, GLP_BV; ncols entries, 0-based */
  const int *col_type;        /* GLP_FR, GLP_LO, GLP_UP, GLP_DB, GLP_FX */
  const double *col_lb, *col_ub, *obj;
  double obj_const;
  const int *row_type;
  const double *row_lb, *row_ub;
  int ne;
  const int *ia, *ja;
  const double *ar;
  const char *const *col_names; /* optional, may be NULL */
  const char *const *row_names; /* optional, may be NULL */
} kring_model;

/// Runs the GLPK call; returns 0 when it completed, -1 when GLPK raised an error.
/// After -1 the thread's GLPK environment has been freed (every problem object on this
/// thread is gone) and the next GLPK call starts a fresh one.
int kring_guard_load(glp_prob *P, const kring_model *m);
int kring_guard_simplex(glp_prob *P, const glp_smcp *parm, int *result);
/// Sets the status (GLP_BS, GLP_NL, …) of every row and column, 0-based arrays of the
/// problem's sizes; with NULL arrays, the standard basis (every row basic) instead.
int kring_guard_set_basis(glp_prob *P, const int *row_stat, const int *col_stat);
int kring_guard_intopt(glp_prob *P, const glp_iocp *parm, int *result);
int kring_guard_write_lp(glp_prob *P, const char *path, int *result);
int kring_guard_write_mps(glp_prob *P, const char *path, int *result);
/// Deliberately calls GLPK with an invalid argument so that tests can check recovery.
int kring_guard_provoke_error(void);

#endif

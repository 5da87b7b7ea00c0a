#ifndef STEPLINE_CGRAPHVIZ_H
#define STEPLINE_CGRAPHVIZ_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif

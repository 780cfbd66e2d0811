/** The names a scaffold is written with. */
export interface ScaffoldNames {
  /** The product's name, Kubernetes-style (`my-product`). */
  product: string;
  /** The SQL project's name, an identifier (`my_product`). */
  project: string;
}

/** `my-product` → `my_product`: dbt project names are identifiers, product names are DNS labels. */
export function scaffoldNames(product: string): ScaffoldNames {
  const project = product.replace(/-/g, '_');
  return { product, project: /^[0-9]/.test(project) ? `p_${project}` : project };
}

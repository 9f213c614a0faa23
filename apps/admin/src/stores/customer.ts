import { defineStore } from 'pinia';
import { api } from '@/api/client';
import type { CustomerCreate, CustomerDetail, FollowUpCreate } from '@/api/types';
import { useRequest } from '@/composables/use-request';

async function fetchCustomer(id: string): Promise<CustomerDetail> {
  const response = await api.customer.detail[':id'].$get({ param: { id } });
  return response.json();
}

/** The customer on screen (detail and edit form) with its follow-up log. */
export const useCustomerStore = defineStore('customer', () => {
  const { data: customer, loading, error, run } = useRequest(fetchCustomer, null);

  /** Another customer's details never show under this one's id, not even while loading. */
  async function load(id: string): Promise<void> {
    if (customer.value?.id !== id) customer.value = null;
    await run(id);
  }

  async function create(fields: CustomerCreate) {
    const response = await api.customer.customers.$post({ json: fields });
    return response.json();
  }

  async function update(id: string, fields: CustomerCreate) {
    const response = await api.customer.customers.update.$put({ json: { id, ...fields } });
    return response.json();
  }

  /** "Assign to…": the principal becomes the user's username, which links them as the owner. */
  async function assign(id: string, username: string): Promise<void> {
    const response = await api.customer.customers[':id'].$patch({ param: { id }, json: { principal: username } });
    const updated = await response.json();
    if (customer.value?.id === id) customer.value = { ...customer.value, ...updated };
  }

  async function remove(id: string): Promise<void> {
    await api.customer.customers[':id'].$delete({ param: { id } });
    if (customer.value?.id === id) customer.value = null;
  }

  /** Entries change the customer's last contact and next follow-up, so reload it after each. */
  async function addFollowUp(entry: FollowUpCreate): Promise<void> {
    await api.customer['follow-up'].$post({ json: entry });
    if (customer.value?.id === String(entry.customer_id)) await load(customer.value.id);
  }

  async function updateFollowUp(id: string, patch: Omit<FollowUpCreate, 'customer_id'>): Promise<void> {
    await api.customer['follow-up'][':id'].$patch({ param: { id }, json: patch });
    if (customer.value) await load(customer.value.id);
  }

  async function deleteFollowUp(id: string): Promise<void> {
    await api.customer['follow-up'][':id'].$delete({ param: { id } });
    if (customer.value) await load(customer.value.id);
  }

  return {
    customer,
    loading,
    error,
    load,
    create,
    update,
    assign,
    remove,
    addFollowUp,
    updateFollowUp,
    deleteFollowUp,
  };
});
